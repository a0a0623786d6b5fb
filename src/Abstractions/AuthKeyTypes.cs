namespace Adapters;

/// <summary>The key types Baileys stores; any other non-empty type string is allowed too.</summary>
public static class AuthKeyTypes
{
    /// <summary>One-time pre-keys (Baileys uploads batches of up to 812).</summary>
    public const string PreKey = "pre-key";

    /// <summary>Signal sessions with peers' devices.</summary>
    public const string Session = "session";

    /// <summary>Group sender keys.</summary>
    public const string SenderKey = "sender-key";

    /// <summary>Which devices a sender key was distributed to.</summary>
    public const string SenderKeyMemory = "sender-key-memory";

    /// <summary>App-state sync keys.</summary>
    public const string AppStateSyncKey = "app-state-sync-key";

    /// <summary>App-state sync versions (can grow to megabytes).</summary>
    public const string AppStateSyncVersion = "app-state-sync-version";

    /// <summary>LID ↔ phone-number mappings.</summary>
    public const string LidMapping = "lid-mapping";

    /// <summary>Cached device lists of contacts.</summary>
    public const string DeviceList = "device-list";

    /// <summary>Trusted-contact tokens.</summary>
    public const string TcToken = "tctoken";

    /// <summary>Identity keys of peers.</summary>
    public const string IdentityKey = "identity-key";

    /// <summary>Every type named above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PreKey, Session, SenderKey, SenderKeyMemory, AppStateSyncKey, AppStateSyncVersion, LidMapping, DeviceList, TcToken, IdentityKey,
    ];
}
