using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Auth;

/// <summary>Log messages of <see cref="RedisAuthInvalidationBus"/>.</summary>
internal static partial class RedisAuthInvalidationLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The auth-state invalidation subscription on {Channel} was re-established: caches are flushed, since messages may have been missed")]
    public static partial void Resubscribed(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the resynchronization marker on {Channel} failed; caches will be flushed again on the next reconnect")]
    public static partial void MarkerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "An auth-state invalidation message on {Channel} could not be decoded; caches are flushed instead")]
    public static partial void Undecodable(ILogger logger, string channel, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "An auth-state invalidation handler threw on {Channel}; the other handlers still ran")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);
}
