using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Connection;

/// <summary>Log messages of <see cref="ResyncingChannel{T, TCodec}"/>; <c>Subject</c> says which messages the channel carries.</summary>
internal static partial class ResyncingChannelLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Subject} subscription on {Channel} was re-established: caches are flushed, since messages may have been missed")]
    public static partial void Resubscribed(ILogger logger, string subject, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the {Subject} resynchronization marker on {Channel} failed; caches will be flushed again on the next reconnect")]
    public static partial void MarkerFailed(ILogger logger, string subject, string channel, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Subject} message on {Channel} could not be decoded; caches are flushed instead")]
    public static partial void Undecodable(ILogger logger, string subject, string channel, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Subject} handler threw on {Channel}; the other handlers still ran")]
    public static partial void HandlerFailed(ILogger logger, string subject, string channel, Exception exception);
}
