using Microsoft.Extensions.Logging;

namespace Adapters.Hybrid.Internal;

/// <summary>Log messages of <see cref="AdaptersHybridCache"/>: failures it hides from callers are reported here.</summary>
internal static partial class HybridCacheLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Key is not cached ({Reason}); the factory is called directly")]
    public static partial void InvalidKey(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading key {Key} from the distributed cache failed; treated as a miss")]
    public static partial void L2ReadFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing key {Key} to the distributed cache failed; the value is only cached locally")]
    public static partial void L2WriteFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing {Key} from the distributed cache failed")]
    public static partial void L2RemoveFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored payload of key {Key} was refused ({Problem}); treated as a miss")]
    public static partial void PayloadRefused(ILogger logger, string key, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The value of key {Key} is {Size} bytes, over the maximum of {Maximum}: returned but not written to the distributed cache")]
    public static partial void PayloadTooLarge(ILogger logger, string key, long size, long maximum);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the invalidation time of tag {Tag} failed; the last known time stays in use")]
    public static partial void TagReadFailed(ILogger logger, string tag, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the invalidation time of tag {Tag} failed; other nodes learn of it only through the backplane")]
    public static partial void TagWriteFailed(ILogger logger, string tag, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Invalidation} on the backplane failed; other nodes converge when their entries or tag state expire")]
    public static partial void PublishFailed(ILogger logger, string invalidation, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the backplane failed; L1 writes are suspended until it succeeds")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The backplane may have lost messages; the local cache was flushed and tag state will be re-read")]
    public static partial void Flushed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The factory of key {Key} failed; the stale value is served (fail-safe)")]
    public static partial void FailSafeServed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The factory of key {Key} exceeded its soft timeout; the stale value is served and the factory completes in the background")]
    public static partial void SoftTimeout(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A background refresh of key {Key} failed; the current value stays")]
    public static partial void BackgroundRefreshFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The cached value of key {Key} could not be deserialized; treated as a miss")]
    public static partial void DeserializeFailed(ILogger logger, string key, Exception exception);
}
