using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Cluster;

/// <summary>Log messages of the cluster topology.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster slot map refreshed: {Masters} masters, {Unserved} slots unserved")]
    public static partial void MapRefreshed(ILogger logger, int masters, int unserved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the cluster slot map from {EndPoint} failed")]
    public static partial void RefreshFailed(ILogger logger, string endPoint, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the connections to {EndPoint}: it is no longer a cluster master")]
    public static partial void PoolRetired(ILogger logger, string endPoint);
}
