using System.Runtime.CompilerServices;

namespace Adapters;

/// <summary>
/// The argument rules every provider applies at its public surface, so a name that works on one provider works on all.
/// Each method throws <see cref="ArgumentNullException"/> or <see cref="ArgumentException"/> naming the parameter.
/// </summary>
public static class NameRules
{
    /// <summary>The longest map name, session id, group name or key type accepted.</summary>
    public const int MaxNameLength = 256;

    /// <summary>
    /// A map name: 1-256 characters, no control characters, no <c>{</c> or <c>}</c> (they would break the
    /// Redis hash tag that keeps a map in one cluster slot).
    /// </summary>
    public static void ValidateMapName(string name, [CallerArgumentExpression(nameof(name))] string? paramName = null)
        => ValidateHashTagged(name, "map name", paramName);

    /// <summary>A session id: the same rules as a map name (it is a hash tag on Redis too).</summary>
    public static void ValidateSessionId(string sessionId, [CallerArgumentExpression(nameof(sessionId))] string? paramName = null)
        => ValidateHashTagged(sessionId, "session id", paramName);

    /// <summary>A consumer group: 1-256 characters without control characters.</summary>
    public static void ValidateGroupName(string group, [CallerArgumentExpression(nameof(group))] string? paramName = null)
        => ValidatePlain(group, "consumer group name", paramName);

    /// <summary>An auth key type: 1-256 characters without control characters.</summary>
    public static void ValidateKeyType(string type, [CallerArgumentExpression(nameof(type))] string? paramName = null)
        => ValidatePlain(type, "key type", paramName);

    /// <summary>An auth key id: any non-empty string without control characters.</summary>
    public static void ValidateKeyId(string id, [CallerArgumentExpression(nameof(id))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, paramName);
        ThrowIfControl(id, "key id", paramName);
    }

    private static void ValidateHashTagged(string value, string what, string? paramName)
    {
        ValidatePlain(value, what, paramName);
        if (value.AsSpan().ContainsAny('{', '}'))
        {
            throw new ArgumentException($"A {what} cannot contain '{{' or '}}' (it is used as a Redis hash tag).", paramName);
        }
    }

    private static void ValidatePlain(string value, string what, string? paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Length > MaxNameLength)
        {
            throw new ArgumentException($"A {what} is at most {MaxNameLength} characters long; this one has {value.Length}.", paramName);
        }

        ThrowIfControl(value, what, paramName);
    }

    private static void ThrowIfControl(string value, string what, string? paramName)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"A {what} cannot contain control characters.", paramName);
            }
        }
    }
}
