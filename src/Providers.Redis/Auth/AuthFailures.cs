namespace Adapters.Redis.Auth;

/// <summary>
/// Turns the client's failures into <see cref="AuthStoreUnavailableException"/> (fail closed): an outage, a timeout,
/// an error reply or a malformed reply all mean "the store could not answer", never "there is nothing".
/// Messages name the action, the session, the command and the key; never a value.
/// </summary>
internal static class AuthFailures
{
    /// <summary>Whether <paramref name="exception"/> is a failure of the server or the connection to wrap.</summary>
    public static bool IsStoreFailure(Exception exception)
        => exception is RedisServerException or RedisProtocolException
            || (exception is StoreUnavailableException && exception is not AuthStoreUnavailableException);

    public static AuthStoreUnavailableException Unavailable(string action, string? sessionId, string command, string? key, Exception cause)
    {
        var session = sessionId is null ? string.Empty : $" of session '{sessionId}'";
        return new AuthStoreUnavailableException($"The auth-state store could not {action}{session} ({command}): {cause.Message}", cause)
        {
            SessionId = sessionId,
            Operation = command,
            Key = key,
        };
    }

    /// <summary>A reply of a shape the command never produces (checked, not trusted).</summary>
    public static AuthStoreUnavailableException Malformed(string action, string sessionId, string command, string key, string what)
        => Unavailable(action, sessionId, command, key, new RedisProtocolException($"Unexpected reply to {command}: {what}."));

    /// <summary>A fresh exception for one more caller that shared a failed batch (exceptions are not thrown twice).</summary>
    public static AuthStoreUnavailableException Copy(AuthStoreUnavailableException failure)
        => new(failure.Message, failure)
        {
            SessionId = failure.SessionId,
            Operation = failure.Operation,
            Key = failure.Key,
        };
}
