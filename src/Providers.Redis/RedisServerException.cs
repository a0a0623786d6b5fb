namespace Adapters.Redis;

/// <summary>Redis answered a command with an error reply (<c>ERR</c>, <c>WRONGTYPE</c>, <c>CROSSSLOT</c>, …).</summary>
public sealed class RedisServerException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RedisServerException()
        : base("Redis replied with an error.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    private RedisServerException(string command, string? key, string serverMessage)
        : base(Describe(command, key, serverMessage))
    {
        Command = command;
        Key = key;
        ServerMessage = serverMessage;
        var space = serverMessage.IndexOf(' ', StringComparison.Ordinal);
        ErrorCode = space > 0 ? serverMessage[..space] : serverMessage;
    }

    /// <summary>The command that failed, e.g. <c>EVALSHA</c>.</summary>
    public string? Command { get; }

    /// <summary>The key the command was about, when it had one.</summary>
    public string? Key { get; }

    /// <summary>The first word of the server's error: <c>ERR</c>, <c>WRONGTYPE</c>, <c>MOVED</c>, <c>NOSCRIPT</c>, <c>CROSSSLOT</c>…</summary>
    public string? ErrorCode { get; }

    /// <summary>The error text exactly as the server sent it.</summary>
    public string? ServerMessage { get; }

    internal static RedisServerException FromReply(string command, string? key, string serverMessage)
        => new(command, key, serverMessage);

    private static string Describe(string command, string? key, string serverMessage)
    {
        var about = key is null ? command : $"{command} on key '{key}'";
        return serverMessage.StartsWith("CROSSSLOT", StringComparison.Ordinal)
            ? $"Redis refused {about}: its keys hash to different cluster slots. Give every key of one operation the same {{hash tag}}. ({serverMessage})"
            : $"Redis replied to {about} with an error: {serverMessage}";
    }
}
