using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Adapters.Compression;
using Adapters.Hybrid.Internal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Adapters.Hybrid;

/// <summary>
/// A <see cref="HybridCache"/>: an in-process L1 over any <see cref="IDistributedCache"/> as L2 (used without copies
/// when it is an <see cref="IBufferDistributedCache"/>), with stampede protection, tags, compressed L2 payloads, an
/// optional backplane that evicts other nodes' L1 entries, and optional fail-safe and eager refresh.
/// </summary>
public sealed partial class AdaptersHybridCache : HybridCache, IAsyncDisposable, IDisposable
{
    private readonly AdaptersHybridCacheOptions _options;
    private readonly IDistributedCache? _distributed;
    private readonly IBufferDistributedCache? _bufferDistributed;
    private readonly IHybridCacheBackplane? _backplane;
    private readonly LocalCache _local;
    private readonly ConcurrentDictionary<(string Key, HybridCacheEntryFlags Flags), Flight> _flights = new();
    private readonly SerializerRegistry _serializers;
    private readonly TagInvalidations _tags;
    private readonly InvalidationClock _invalidations = new();
    private readonly ValueFramer _framer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AdaptersHybridCacheMetrics _metrics;
    private readonly Meter? _ownedMeter;
    private readonly HybridCacheEntryFlags _defaultFlags;
    private readonly TimeSpan _defaultExpiration;
    private readonly TimeSpan? _defaultLocalExpiration;
    private readonly Lock _subscribeGate = new();
    private Task? _subscribing;
    private IAsyncDisposable? _subscription;
    private volatile bool _subscribed;
    private long _subscribeRetryAtTicks;
    private int _disposed;

    /// <summary>
    /// Creates the cache with <paramref name="options"/>; <paramref name="services"/> supplies the L2
    /// (<see cref="IDistributedCache"/>, keyed by <see cref="AdaptersHybridCacheOptions.DistributedCacheServiceKey"/>),
    /// an <see cref="IHybridCacheBackplane"/>, serializers, a <see cref="TimeProvider"/>, logging and metrics, each optional.
    /// </summary>
    /// <exception cref="ArgumentException">An option is unusable (the exception names it).</exception>
    public AdaptersHybridCache(AdaptersHybridCacheOptions options, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _distributed = options.DistributedCacheServiceKey is { } key
            ? services?.GetKeyedService<IDistributedCache>(key) ?? throw new ArgumentException($"No IDistributedCache is registered with the key {key}.", nameof(options))
            : services?.GetService<IDistributedCache>();
        _bufferDistributed = _distributed as IBufferDistributedCache;
        _backplane = services?.GetService<IHybridCacheBackplane>();
        _time = services?.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services?.GetService<ILoggerFactory>()?.CreateLogger<AdaptersHybridCache>() ?? NullLogger<AdaptersHybridCache>.Instance;
        var meter = services?.GetService<IMeterFactory>()?.Create(AdaptersHybridCacheMetrics.MeterName);
        _ownedMeter = meter is null ? new Meter(AdaptersHybridCacheMetrics.MeterName) : null;
        _metrics = new AdaptersHybridCacheMetrics(meter ?? _ownedMeter!);
        _serializers = new SerializerRegistry(services);
        _local = new LocalCache(options.LocalCacheSizeLimit);
        _tags = new TagInvalidations(_distributed, _time, options, _logger);
        _framer = new ValueFramer(new ValueFramerOptions
        {
            Codec = options.Codec,
            Threshold = options.CompressionThreshold,
            MaxDecompressedBytes = (int)Math.Min(options.MaximumPayloadBytes, Array.MaxLength),
        });
        _defaultFlags = options.DefaultEntryOptions?.Flags ?? HybridCacheEntryFlags.None;
        _defaultExpiration = options.DefaultEntryOptions?.Expiration ?? AdaptersHybridCacheOptions.DefaultExpiration;
        _defaultLocalExpiration = options.DefaultEntryOptions?.LocalCacheExpiration;
    }

    /// <summary>This node's id on the backplane (its own messages carry it and are skipped).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The options the cache runs with.</summary>
    public AdaptersHybridCacheOptions Options => _options;

    /// <summary>Unsubscribes from the backplane and releases the L1.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_subscribing is { } subscribing)
        {
            await subscribing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        _local.Dispose();
        _ownedMeter?.Dispose();
    }

    /// <summary>Unsubscribes from the backplane and releases the L1 (blocking; prefer <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private HybridCacheEntryFlags FlagsOf(HybridCacheEntryOptions? options) => options?.Flags ?? _defaultFlags;

    private TimeSpan ExpirationOf(HybridCacheEntryOptions? options) => options?.Expiration ?? _defaultExpiration;

    private TimeSpan LocalExpirationOf(HybridCacheEntryOptions? options)
    {
        var expiration = ExpirationOf(options);
        var local = options?.LocalCacheExpiration ?? (options?.Expiration is null ? _defaultLocalExpiration : null) ?? expiration;
        return local < expiration ? local : expiration;
    }

    private long Now => _time.GetUtcNow().UtcTicks;

    /// <summary>Whether a value that stopped being fresh at <paramref name="expiresTicks"/> may still answer a failing factory.</summary>
    private bool WithinFailSafe(long expiresTicks, long now) => _options.FailSafe && now - expiresTicks < _options.FailSafeMaxDuration.Ticks;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static InvalidOperationException WrongType(string key, Type cached, Type requested)
        => new($"The key '{key}' is cached as {cached.Name} and was requested as {requested.Name}; every call for one key must use the same type.");
}
