using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Sentinel;

/// <summary>Log messages of the sentinel topology.</summary>
internal static partial class SentinelLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sentinel service {Service} switched master from {Old} to {New}")]
    public static partial void MasterSwitched(ILogger logger, string service, string old, string @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not watch or query sentinels at {EndPoints}")]
    public static partial void WatchFailed(ILogger logger, string endPoints, Exception exception);
}
