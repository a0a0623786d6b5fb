using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Connection;

/// <summary>Log messages of the Redis client.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Redis at {EndPoint} (version {Version}, RESP{Protocol}, {Mode}, {Role})")]
    public static partial void Connected(ILogger logger, string endPoint, string version, int protocol, string mode, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection to Redis at {EndPoint} broke")]
    public static partial void Broken(ILogger logger, string endPoint, Exception cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} commands to Redis at {EndPoint} timed out after {Timeout}")]
    public static partial void TimedOut(ILogger logger, string endPoint, int count, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Keep-alive PING to Redis at {EndPoint} failed")]
    public static partial void KeepAliveFailed(ILogger logger, string endPoint, Exception cause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a RESP3 push from Redis at {EndPoint} that nothing subscribed to")]
    public static partial void UnhandledPush(ILogger logger, string endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconnecting to Redis at {EndPoint} failed (attempt {Attempt}); next try in {Delay}")]
    public static partial void ReconnectFailed(ILogger logger, string endPoint, int attempt, TimeSpan delay, Exception cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to Redis at {EndPoint} after {Attempts} attempts")]
    public static partial void Reconnected(ILogger logger, string endPoint, int attempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A returned lease on Redis at {EndPoint} could not be cleaned and was closed")]
    public static partial void LeaseDropped(ILogger logger, string endPoint, Exception cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened a spill connection to Redis at {EndPoint}: every reader thread of the pool was blocked by a synchronous call")]
    public static partial void SpillOpened(ILogger logger, string endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opening a spill connection to Redis at {EndPoint} failed; waiting commands go out when a reader thread is free again")]
    public static partial void SpillFailed(ILogger logger, string endPoint, Exception cause);
}
