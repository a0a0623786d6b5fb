namespace Adapters.Redis;

/// <summary>A command got no reply within its timeout; the connection stays usable and the late reply is dropped.</summary>
public sealed class RedisTimeoutException : StoreUnavailableException
{
    /// <summary>Creates the exception with a default message.</summary>
    public RedisTimeoutException()
        : base("A Redis command timed out.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal RedisTimeoutException(string command, string? key, string endPoint, TimeSpan timeout, int pending)
        : base($"Redis did not answer {command}{(key is null ? string.Empty : $" on key '{key}'")} within {timeout.TotalMilliseconds:0} ms ({endPoint}, {pending} commands in flight on the connection).")
    {
        Operation = command;
        Key = key;
        EndPoint = endPoint;
        Timeout = timeout;
    }

    /// <summary>The server the command was sent to.</summary>
    public string? EndPoint { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
