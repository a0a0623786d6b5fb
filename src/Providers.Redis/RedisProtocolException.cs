namespace Adapters.Redis;

/// <summary>A well-formed reply did not have the shape the command expects (a client or server version mismatch).</summary>
public sealed class RedisProtocolException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RedisProtocolException()
        : base("Redis sent an unexpected reply.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal RedisProtocolException(Exception cause, string command)
        : base($"Redis sent an unexpected reply to {command}: {cause.Message}", cause) => Command = command;

    /// <summary>The command whose reply was unexpected.</summary>
    public string? Command { get; }
}
