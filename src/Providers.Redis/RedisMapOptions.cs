using Adapters.Compression;

namespace Adapters.Redis;

/// <summary>Options of a Redis change-tracking map.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class RedisMapOptions<TKey, TValue> : ChangeTrackingMapOptions<TKey, TValue>
    where TKey : notnull
{
    /// <summary>How change windows are found.</summary>
    public ChangeScanStrategy Strategy { get; set; } = ChangeScanStrategy.SortedIndex;

    /// <summary>The COUNT of each HSCAN step (enumeration, <see cref="ChangeScanStrategy.IncrementalScan"/>, <see cref="ChangeScanStrategy.ServerScript"/>).</summary>
    public int ScanPageSize { get; set; } = 1000;

    /// <summary>
    /// Entries per script call of a <see cref="ChangeScanStrategy.SortedIndex"/> batch: a batch of more takes several
    /// calls, so no single one blocks the server for long (about 4 ms per 1,000 entries of ~200 bytes).
    /// </summary>
    public int IndexPageSize { get; set; } = 1000;

    /// <summary>Entries per script call of <c>SetManyAsync</c> and per HMGET of <c>GetManyAsync</c> (1 to 3000).</summary>
    public int ChunkSize { get; set; } = 1000;

    /// <summary>How values are framed and compressed (uncompressed by default).</summary>
    public ValueFramer Framer { get; set; } = ValueFramer.Uncompressed;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(KeySerializer, nameof(KeySerializer));
        ArgumentNullException.ThrowIfNull(ValueSerializer, nameof(ValueSerializer));
        ArgumentNullException.ThrowIfNull(Framer, nameof(Framer));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ScanPageSize, nameof(ScanPageSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(IndexPageSize, nameof(IndexPageSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ChunkSize, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ChunkSize, Maps.MapScripts.MaxChunk, nameof(ChunkSize));
        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "Unknown change scan strategy.");
        }
    }
}
