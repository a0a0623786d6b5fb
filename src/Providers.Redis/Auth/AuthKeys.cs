namespace Adapters.Redis.Auth;

/// <summary>
/// The keys of one auth session (DESIGN.md), all under the <c>{S}</c> hash tag so they share a cluster slot:
/// <c>auth:{S}:creds</c> (string), <c>auth:{S}:keys:TYPE</c> (hash id → value) and <c>auth:{S}:types</c> (set of the
/// types that have a hash). Session ids never contain braces (<see cref="NameRules.ValidateSessionId"/>), so the tag
/// is exactly the id and no session's keys can be mistaken for another's, whatever their common prefix.
/// </summary>
internal sealed class AuthKeys
{
    /// <summary>SCAN pattern of the keys that make a session exist: <c>creds</c> and <c>types</c>, in one pass.</summary>
    /// <remarks>
    /// The brackets match "creds" and "types" letter by letter (c|t, r|y, e|p, d|e, s); any other key the glob lets
    /// through is dropped by <see cref="TryParseSession"/>, which also refuses a key type whose name imitates the layout.
    /// </remarks>
    public const string SessionPattern = "auth:{*}:[ct][ry][ep][de]s";

    private const string Prefix = "auth:{";

    private readonly string _keysPrefix;

    public AuthKeys(string sessionId)
    {
        SessionId = sessionId;
        Credentials = $"auth:{{{sessionId}}}:creds";
        Types = $"auth:{{{sessionId}}}:types";
        _keysPrefix = $"auth:{{{sessionId}}}:keys:";
    }

    public string SessionId { get; }

    public string Credentials { get; }

    public string Types { get; }

    /// <summary>The hash holding the keys of one type.</summary>
    public string Hash(string type) => _keysPrefix + type;

    /// <summary>The credentials key of a session, without building the other names (hot path).</summary>
    public static string CredentialsOf(string sessionId) => $"auth:{{{sessionId}}}:creds";

    /// <summary>The hash of one type of a session, without building the other names (hot path).</summary>
    public static string HashOf(string sessionId, string type) => $"auth:{{{sessionId}}}:keys:{type}";

    /// <summary>
    /// The session a key found by <see cref="SessionPattern"/> belongs to: exactly <c>auth:{S}:creds</c> or
    /// <c>auth:{S}:types</c> with a valid session id, else false.
    /// </summary>
    public static bool TryParseSession(ReadOnlySpan<char> key, out string sessionId)
    {
        sessionId = string.Empty;
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[Prefix.Length..];
        var close = rest.IndexOf('}');
        if (close <= 0)
        {
            return false;
        }

        var suffix = rest[close..];
        if (!suffix.SequenceEqual("}:creds") && !suffix.SequenceEqual("}:types"))
        {
            return false;
        }

        var candidate = rest[..close];
        if (candidate.Contains('{') || candidate.IsWhiteSpace() || candidate.Length > NameRules.MaxNameLength)
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        sessionId = candidate.ToString();
        return true;
    }
}
