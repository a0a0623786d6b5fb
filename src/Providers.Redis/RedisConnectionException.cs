namespace Adapters.Redis;

/// <summary>Redis could not be reached, or the connection broke; typed so callers can tell outages from errors.</summary>
public sealed class RedisConnectionException : StoreUnavailableException
{
    /// <summary>Creates the exception with a default message.</summary>
    public RedisConnectionException()
        : base("The Redis connection is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal RedisConnectionException(RedisConnectionFailure failure, string endPoint, string? command, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        EndPoint = endPoint;
        Operation = command;
    }

    /// <summary>Why the connection failed.</summary>
    public RedisConnectionFailure Failure { get; }

    /// <summary>The server endpoint (<c>host:port</c>), never credentials.</summary>
    public string? EndPoint { get; }
}
