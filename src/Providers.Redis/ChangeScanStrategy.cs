namespace Adapters.Redis;

/// <summary>How a Redis map finds the entries of a change window. Every strategy returns the same batches.</summary>
public enum ChangeScanStrategy
{
    /// <summary>
    /// A sorted set of fields by stamp, maintained by every write: one round trip per page (ZRANGEBYSCORE with LIMIT
    /// and HMGET in one script), O(log n + m). The default; maps written before it existed need
    /// <see cref="RedisMapStore.MigrateToSortedIndexAsync"/> first (until then reads fall back to <see cref="IncrementalScan"/>).
    /// </summary>
    SortedIndex,

    /// <summary>HSCAN of the timestamps hash with a client-side filter: memory bounded by the batch, not the map.</summary>
    IncrementalScan,

    /// <summary>A Lua script walks the timestamps hash in short HSCAN steps and returns only matches: little traffic, no long block.</summary>
    ServerScript,

    /// <summary>HGETALL of the timestamps hash and a client-side filter: the seed design's baseline, fine for small maps.</summary>
    FullHash,
}
