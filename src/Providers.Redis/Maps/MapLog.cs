using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Maps;

/// <summary>Log messages of Redis maps.</summary>
internal static partial class MapLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Map {Map} has no ready sorted index: change windows are read with IncrementalScan until RedisMapStore.MigrateToSortedIndexAsync completes")]
    public static partial void IndexNotReady(ILogger logger, string map);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sorted index of map {Map}: {Processed} of about {Total} entries backfilled")]
    public static partial void MigrationProgress(ILogger logger, string map, long processed, long total);
}
