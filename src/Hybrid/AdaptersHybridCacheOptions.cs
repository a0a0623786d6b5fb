using Adapters.Compression;
using Microsoft.Extensions.Caching.Hybrid;

namespace Adapters.Hybrid;

/// <summary>Options of an <see cref="AdaptersHybridCache"/>; the defaults are those of Microsoft's <c>HybridCacheOptions</c>.</summary>
public sealed class AdaptersHybridCacheOptions
{
    /// <summary>The expiration every entry gets when its options do not say (5 minutes).</summary>
    public static readonly TimeSpan DefaultExpiration = TimeSpan.FromMinutes(5);

    /// <summary>Entry options used when a call passes none (expiration, local expiration, flags).</summary>
    public HybridCacheEntryOptions? DefaultEntryOptions { get; set; }

    /// <summary>The largest serialized value written to L2 (1 MiB); larger values are returned but only kept in L1.</summary>
    public long MaximumPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>The longest key cached (1024 characters); longer keys bypass the cache and call the factory.</summary>
    public int MaximumKeyLength { get; set; } = 1024;

    /// <summary>The codec L2 payloads are compressed with (none by default); every codec stays readable.</summary>
    public ICompressionCodec Codec { get; set; } = CompressionCodecs.None;

    /// <summary>Values shorter than this many bytes are stored uncompressed (1024).</summary>
    public int CompressionThreshold { get; set; } = 1024;

    /// <summary>
    /// How long a tag's invalidation time is trusted before it is read from L2 again (30 s), so a node that missed a
    /// backplane message converges; <see cref="TimeSpan.Zero"/> re-reads on every check.
    /// </summary>
    public TimeSpan TagRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an invalidation record of a tag is kept in L2 (1 day). Tagged entries live at most this long in L2, so no
    /// entry can outlive the record that invalidates it.
    /// </summary>
    public TimeSpan TagRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Whether a failing or timed-out factory is answered with the last value instead (off by default).</summary>
    public bool FailSafe { get; set; }

    /// <summary>How long past its expiration a value may still be served by <see cref="FailSafe"/> (1 hour).</summary>
    public TimeSpan FailSafeMaxDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// With <see cref="FailSafe"/>, how long a caller waits for the factory when a stale value exists (infinite); past it
    /// the stale value is returned and the factory finishes in the background.
    /// </summary>
    public TimeSpan FactorySoftTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// The fraction of an entry's L1 lifetime after which a hit starts a background refresh (e.g. 0.8); <see langword="null"/>
    /// (the default) never refreshes early.
    /// </summary>
    public double? EagerRefreshThreshold { get; set; }

    /// <summary>The service key of the <c>IDistributedCache</c> to use as L2; <see langword="null"/> takes the unkeyed one.</summary>
    public object? DistributedCacheServiceKey { get; set; }

    /// <summary>The maximum total size of L1 in bytes of serialized values (<see langword="null"/>: unbounded).</summary>
    public long? LocalCacheSizeLimit { get; set; }

    /// <summary>Checks every option, naming the first unusable one.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Codec, nameof(Codec));
        Positive(MaximumPayloadBytes, nameof(MaximumPayloadBytes));
        Positive(MaximumKeyLength, nameof(MaximumKeyLength));
        ArgumentOutOfRangeException.ThrowIfNegative(CompressionThreshold, nameof(CompressionThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(TagRefreshInterval, TimeSpan.Zero, nameof(TagRefreshInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TagRetention, TimeSpan.Zero, nameof(TagRetention));
        ArgumentOutOfRangeException.ThrowIfLessThan(FailSafeMaxDuration, TimeSpan.Zero, nameof(FailSafeMaxDuration));
        if (FactorySoftTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(FactorySoftTimeout, TimeSpan.Zero, nameof(FactorySoftTimeout));
        }

        if (EagerRefreshThreshold is { } threshold && !(threshold > 0 && threshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(EagerRefreshThreshold), threshold, "The eager refresh threshold is a fraction between 0 and 1 (exclusive).");
        }

        if (LocalCacheSizeLimit is { } limit)
        {
            Positive(limit, nameof(LocalCacheSizeLimit));
        }

        if (!Codec.IsAvailable)
        {
            throw new ArgumentException($"The codec {Codec.Name} is not available on this machine.", nameof(Codec));
        }

        if (DefaultEntryOptions?.Expiration is { } expiration)
        {
            Positive(expiration.Ticks, $"{nameof(DefaultEntryOptions)}.{nameof(HybridCacheEntryOptions.Expiration)}");
        }
    }

    private static void Positive(long value, string name) => ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, 0, name);
}
