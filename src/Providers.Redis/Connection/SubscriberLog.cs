using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Connection;

/// <summary>Log messages of the pub/sub connection.</summary>
internal static partial class SubscriberLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "A handler of Redis channel {Channel} threw; other handlers still ran")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restoring Redis subscriptions after a reconnect failed; they will be restored on the next reconnect")]
    public static partial void RestoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis refused a subscription command: {Error}")]
    public static partial void SubscriptionRefused(ILogger logger, string error);
}
