using System.Diagnostics.CodeAnalysis;

namespace Adapters.Baileys;

/// <summary>
/// The file names of Baileys' <c>useMultiFileAuthState</c> folder: <c>creds.json</c>, and one <c>TYPE-ID.json</c> per key,
/// escaped the way Baileys does it (<c>/</c> becomes <c>__</c>, <c>:</c> becomes <c>-</c>).
/// </summary>
/// <remarks>
/// <para>Baileys' escaping loses information: <c>a:b</c> and <c>a-b</c> name the same file, and so do <c>a/b</c> and
/// <c>a__b</c>. Baileys itself never notices, because it escapes the id of every lookup too. A store is looked up by
/// the real id, so reading a file name back recovers the id from the id formats Baileys uses:</para>
/// <list type="number">
/// <item>The type is the longest known key type followed by <c>-</c> (so <c>sender-key-memory-…</c> is a
/// <c>sender-key-memory</c> key, not a <c>sender-key</c> whose id starts with <c>memory-</c>); the id is the rest, never
/// empty.</item>
/// <item><c>sender-key</c> ids are libsignal sender-key names, <c>GROUP::SENDER::DEVICE</c>, where the sender
/// (<c>user</c> or <c>user_domain</c>) and the device hold no <c>-</c>: the last two <c>--</c> of the name become
/// <c>::</c> (a group id such as <c>5511999990000-1500000000@g.us</c> keeps its own <c>-</c>). A name without that shape
/// keeps its id as written.</item>
/// <item><c>app-state-sync-key</c> ids are base64, which has no <c>_</c>: each <c>__</c> becomes <c>/</c>.</item>
/// <item>Every other id is taken as written: Baileys' ids of those types hold neither <c>/</c> nor <c>:</c>, and some
/// hold <c>__</c> that is not an escape (the <c>tctoken</c> index key is literally <c>__index</c>).</item>
/// </list>
/// <para>A name is accepted only if escaping the recovered type and id gives it back, so reading a folder and writing it
/// again reproduces every file name exactly. Names Baileys never writes (one holding <c>:</c>, say) are refused.</para>
/// </remarks>
public static class BaileysFileNames
{
    /// <summary>The file holding a session's credentials.</summary>
    public const string CredentialsFileName = "creds.json";

    private const string Extension = ".json";

    /// <summary>
    /// The file name Baileys gives a key: <c>fixFileName(`${type}-${id}.json`)</c>, that is <c>TYPE-ID.json</c> with every
    /// <c>/</c> replaced by <c>__</c> and every <c>:</c> by <c>-</c>.
    /// </summary>
    public static string GetKeyFileName(string type, string id)
    {
        NameRules.ValidateKeyType(type);
        NameRules.ValidateKeyId(id);
        return Escape(type + "-" + id + Extension);
    }

    /// <summary>Parses a key file name against Baileys' key types (<see cref="AuthKeyTypes.All"/>); see the remarks of <see cref="BaileysFileNames"/>.</summary>
    public static bool TryParseKeyFileName(string fileName, [NotNullWhen(true)] out string? type, [NotNullWhen(true)] out string? id)
        => TryParseKeyFileName(fileName, AuthKeyTypes.All, out type, out id);

    /// <summary>Parses a key file name against the given key types; see the remarks of <see cref="BaileysFileNames"/>.</summary>
    public static bool TryParseKeyFileName(string fileName, IEnumerable<string> keyTypes, [NotNullWhen(true)] out string? type, [NotNullWhen(true)] out string? id)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(keyTypes);
        type = null;
        id = null;
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal) || fileName == CredentialsFileName)
        {
            return false;
        }

        var stem = fileName[..^Extension.Length];
        var matched = LongestTypePrefix(stem, keyTypes);
        if (matched is null)
        {
            return false;
        }

        var rawId = stem[(Escape(matched).Length + 1)..];
        var recovered = RecoverId(matched, rawId);
        if (recovered.Any(char.IsControl) || Escape(matched + "-" + recovered + Extension) != fileName)
        {
            return false;
        }

        type = matched;
        id = recovered;
        return true;
    }

    /// <summary>Whether the name starts with one of <paramref name="keyTypes"/> followed by <c>-</c>, whatever follows.</summary>
    internal static bool HasKnownTypePrefix(string fileName, IEnumerable<string> keyTypes)
        => LongestTypePrefix(fileName.EndsWith(Extension, StringComparison.Ordinal) ? fileName[..^Extension.Length] : fileName, keyTypes) is not null;

    private static string? LongestTypePrefix(string stem, IEnumerable<string> keyTypes)
    {
        string? matched = null;
        foreach (var candidate in keyTypes)
        {
            var prefix = Escape(candidate);
            if (stem.Length > prefix.Length + 1
                && stem[prefix.Length] == '-'
                && stem.StartsWith(prefix, StringComparison.Ordinal)
                && (matched is null || candidate.Length > matched.Length))
            {
                matched = candidate;
            }
        }

        return matched;
    }

    private static string RecoverId(string type, string rawId) => type switch
    {
        AuthKeyTypes.SenderKey => RecoverSenderKeyName(rawId),
        AuthKeyTypes.AppStateSyncKey => rawId.Replace("__", "/", StringComparison.Ordinal),
        _ => rawId,
    };

    // GROUP--SENDER--DEVICE, where SENDER and DEVICE hold no '-': the two separators are the last two "--".
    private static string RecoverSenderKeyName(string rawId)
    {
        var second = rawId.LastIndexOf("--", StringComparison.Ordinal);
        if (second <= 0 || !IsDashFree(rawId.AsSpan(second + 2)))
        {
            return rawId;
        }

        var first = rawId.LastIndexOf("--", second - 1, StringComparison.Ordinal);
        if (first <= 0 || !IsDashFree(rawId.AsSpan(first + 2, second - first - 2)))
        {
            return rawId;
        }

        return $"{rawId[..first]}::{rawId[(first + 2)..second]}::{rawId[(second + 2)..]}";
    }

    private static bool IsDashFree(ReadOnlySpan<char> part) => !part.IsEmpty && !part.Contains('-');

    private static string Escape(string name) => name.Replace("/", "__", StringComparison.Ordinal).Replace(':', '-');
}
