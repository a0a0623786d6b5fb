namespace Adapters;

/// <summary>
/// What changed in an auth session, as published on an <see cref="IAuthStateInvalidationBus"/>: its credentials, some
/// keys by type and id, every key, or (no session) everything of every session.
/// </summary>
public sealed class AuthStateInvalidation
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoKeys = new Dictionary<string, IReadOnlyList<string>>();

    private AuthStateInvalidation(string? origin, string? sessionId, bool credentials, bool allKeys, IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        Origin = origin;
        SessionId = sessionId;
        Credentials = credentials;
        AllKeys = allKeys;
        Keys = keys;
    }

    /// <summary>The publisher's instance id; <see langword="null"/> when the transport itself raised it (every handler acts on it).</summary>
    public string? Origin { get; }

    /// <summary>The session that changed; <see langword="null"/> for <see cref="IsEverything"/>.</summary>
    public string? SessionId { get; }

    /// <summary>Whether the session's credentials changed.</summary>
    public bool Credentials { get; }

    /// <summary>Whether every key of the session changed (cleared or deleted).</summary>
    public bool AllKeys { get; }

    /// <summary>The keys that changed, ids by type (empty when <see cref="AllKeys"/> covers them or only credentials changed).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Keys { get; }

    /// <summary>Whether everything of every session must be dropped (messages may have been lost).</summary>
    public bool IsEverything => SessionId is null;

    /// <summary>The credentials of <paramref name="sessionId"/> changed.</summary>
    public static AuthStateInvalidation ForCredentials(string? origin, string sessionId)
    {
        NameRules.ValidateSessionId(sessionId);
        return new AuthStateInvalidation(origin, sessionId, credentials: true, allKeys: false, NoKeys);
    }

    /// <summary>The keys a change-set writes or deletes changed.</summary>
    public static AuthStateInvalidation ForKeys(string? origin, string sessionId, AuthKeyChangeSet changes)
    {
        NameRules.ValidateSessionId(sessionId);
        ArgumentNullException.ThrowIfNull(changes);
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var type in changes.Types)
        {
            keys[type] = [.. changes.ForType(type).Keys];
        }

        return new AuthStateInvalidation(origin, sessionId, credentials: false, allKeys: false, keys);
    }

    /// <summary>The listed keys changed (ids by type).</summary>
    /// <exception cref="ArgumentException">A type or id breaks <see cref="NameRules"/>.</exception>
    public static AuthStateInvalidation ForKeys(string? origin, string sessionId, IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
        => Create(origin, sessionId, credentials: false, allKeys: false, keys);

    /// <summary>The general form, for transports decoding messages: credentials, every key, and/or the listed keys changed.</summary>
    /// <exception cref="ArgumentException">The session id, a type or an id breaks <see cref="NameRules"/>.</exception>
    public static AuthStateInvalidation Create(string? origin, string sessionId, bool credentials, bool allKeys, IReadOnlyDictionary<string, IReadOnlyList<string>> keys)
    {
        NameRules.ValidateSessionId(sessionId);
        ArgumentNullException.ThrowIfNull(keys);
        if (allKeys || keys.Count == 0)
        {
            return new AuthStateInvalidation(origin, sessionId, credentials, allKeys, NoKeys);
        }

        var copy = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (type, ids) in keys)
        {
            NameRules.ValidateKeyType(type, nameof(keys));
            ArgumentNullException.ThrowIfNull(ids, nameof(keys));
            foreach (var id in ids)
            {
                NameRules.ValidateKeyId(id, nameof(keys));
            }

            copy[type] = [.. ids];
        }

        return new AuthStateInvalidation(origin, sessionId, credentials, allKeys: false, copy);
    }

    /// <summary>Every key of the session changed (<c>clear</c>), and its credentials too when <paramref name="credentials"/> (delete).</summary>
    public static AuthStateInvalidation ForSession(string? origin, string sessionId, bool credentials)
    {
        NameRules.ValidateSessionId(sessionId);
        return new AuthStateInvalidation(origin, sessionId, credentials, allKeys: true, NoKeys);
    }

    /// <summary>Everything of every session may have changed: drop it all.</summary>
    public static AuthStateInvalidation Everything(string? origin) => new(origin, sessionId: null, credentials: true, allKeys: true, NoKeys);

    /// <inheritdoc />
    public override string ToString()
        => IsEverything
            ? "everything"
            : $"session {SessionId}: {(Credentials ? "creds " : string.Empty)}{(AllKeys ? "all keys" : $"{Keys.Sum(pair => pair.Value.Count)} keys")}";
}
