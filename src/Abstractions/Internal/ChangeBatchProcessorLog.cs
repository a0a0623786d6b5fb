using Microsoft.Extensions.Logging;

namespace Adapters.Internal;

/// <summary>Log messages of the change batch processor (kept non-generic for the logging source generator).</summary>
internal static partial class ChangeBatchProcessorLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Change batch handler failed for group {Group} on map {Map} ({Count} entries, attempt {Attempt}); retrying the same batch in {Delay}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string group, string map, int count, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit of group {Group} on map {Map} was refused (lease lost or checkpoint moved); the window will be read again")]
    public static partial void CommitRefused(ILogger logger, string group, string map);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease of group {Group} on map {Map} while handling a batch; the handlers were cancelled")]
    public static partial void LeaseLost(ILogger logger, string group, string map);

    [LoggerMessage(Level = LogLevel.Error, Message = "Change processing cycle failed for group {Group} on map {Map}; retrying in {Delay}")]
    public static partial void CycleFailed(ILogger logger, Exception exception, string group, string map, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease of group {Group} on map {Map} failed; it will expire on its own")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string group, string map);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {Count} changes for group {Group} on map {Map}; checkpoint {Checkpoint}")]
    public static partial void Handled(ILogger logger, int count, string group, string map, long checkpoint);
}
