using Adapters.InMemory.Internal;

namespace Adapters.InMemory;

/// <summary>
/// An in-process cache in front of any <see cref="IAuthStateStore"/>: credentials and keys (and, optionally, their
/// absence) are kept up to <see cref="CachingAuthStateStoreOptions.MaxBytes"/> (least recently used go first) for
/// <see cref="CachingAuthStateStoreOptions.TimeToLive"/>. Writes go through to the store and then into the cache; a
/// write that fails leaves the entries it touched uncached, never holding a value the store may not hold. Concurrent
/// readers of the same missing entries share one read of the store. With an
/// <see cref="CachingAuthStateStoreOptions.InvalidationBus"/>, every write is announced to the other caches of the
/// store, and their announcements evict entries here.
/// </summary>
/// <remarks>
/// Create it with <see cref="Create"/>, which keeps <see cref="IAuthStateKeyEnumeration"/> available when the inner
/// store has it. Listing sessions and keys always asks the store. Disposing the cache does not dispose the inner store.
/// </remarks>
public partial class CachingAuthStateStore : IAuthStateStore, IAsyncDisposable, IDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> the cache's metrics are recorded on.</summary>
    public const string MeterName = "Adapters.AuthState.Cache";

    // Expired entries swept per cache operation, on top of the timer, so a busy cache stays tidy between sweeps.
    private const int SweepPerOperation = 8;

    private readonly IAuthStateStore _inner;
    private readonly CachingAuthStateStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly AuthCacheIndex _index;
    private readonly AuthCacheMetrics _metrics;
    private readonly ITimer? _sweeper;
    private long _hits;
    private long _misses;
    private long _coalesced;
    private long _remoteInvalidations;

    // Moves on every write and invalidation of any session: a read assembled from several sources (hits and fetches
    // started at different times) is a snapshot only if it did not move meanwhile.
    private long _changes;
    private Task? _subscribing;
    private IAsyncDisposable? _subscription;
    private volatile bool _listening;
    private volatile bool _disposed;

    private protected CachingAuthStateStore(IAuthStateStore inner, CachingAuthStateStoreOptions options)
    {
        _inner = inner;
        _options = options;
        _time = options.TimeProvider;
        _metrics = new AuthCacheMetrics(options.Name, Size);
        _index = new AuthCacheIndex(options.MaxBytes, options.MaxEntryBytes, TimestampSpan(options.TimeToLive), _metrics);
        _listening = options.InvalidationBus is null;
        if (options.TimeToLive != Timeout.InfiniteTimeSpan)
        {
            // The timer holds the cache weakly: an undisposed cache can still be collected, and the timer with it.
            var interval = TimeSpan.FromTicks(Math.Clamp(options.TimeToLive.Ticks, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
            _sweeper = _time.CreateTimer(static state => Sweep((WeakReference<CachingAuthStateStore>)state!), new WeakReference<CachingAuthStateStore>(this), interval, interval);
        }
    }

    /// <summary>A unique id of this cache, carried by the invalidations it publishes so it can skip its own.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The store the cache is in front of.</summary>
    public IAuthStateStore Inner => _inner;

    /// <summary>A snapshot of the counters and of what is held.</summary>
    public AuthStateCacheStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new AuthStateCacheStatistics(
                    _hits, _misses, _coalesced, _index.Evictions, _index.Expirations, _index.Invalidations, _remoteInvalidations,
                    _index.Flushes, _index.Entries, _index.Bytes, _index.SessionsHeld);
            }
        }
    }

    /// <summary>
    /// Wraps <paramref name="inner"/>; the result implements <see cref="IAuthStateKeyEnumeration"/> when
    /// <paramref name="inner"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">An option is unusable (the exception names it).</exception>
    public static CachingAuthStateStore Create(IAuthStateStore inner, CachingAuthStateStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var own = (options ?? new CachingAuthStateStoreOptions()).Clone();
        own.Validate();
        return inner is IAuthStateKeyEnumeration
            ? new EnumeratingCachingAuthStateStore(inner, own)
            : new CachingAuthStateStore(inner, own);
    }

    /// <summary>
    /// The bytes held for one session (its values plus estimated bookkeeping), for memory-per-session reports;
    /// 0 when nothing of it is cached.
    /// </summary>
    public long GetSessionBytes(string sessionId)
    {
        NameRules.ValidateSessionId(sessionId);
        lock (_gate)
        {
            return _index.BytesOf(sessionId);
        }
    }

    /// <summary>Drops everything cached for <paramref name="sessionId"/> here (other caches are not told).</summary>
    public void Invalidate(string sessionId)
    {
        NameRules.ValidateSessionId(sessionId);
        ApplyInvalidation(AuthStateInvalidation.ForSession(null, sessionId, credentials: true), remote: false);
    }

    /// <summary>Drops everything cached here (other caches are not told).</summary>
    public void Clear() => ApplyInvalidation(AuthStateInvalidation.Everything(null), remote: false);

    /// <summary>Stops listening for invalidations and drops everything; the inner store stays open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose())
        {
            return;
        }

        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Stops listening for invalidations and drops everything; the inner store stays open.</summary>
    public void Dispose()
    {
        if (!BeginDispose())
        {
            return;
        }

        // Unsubscribing is synchronous for our buses; a transport that needs I/O finishes it in the background.
        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            subscription.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        GC.SuppressFinalize(this);
    }

    private bool BeginDispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            _index.Flush();
        }

        _sweeper?.Dispose();
        _metrics.Stop();
        return true;
    }

    private long Now() => _time.GetTimestamp();

    private long TimestampSpan(TimeSpan span)
        => span == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)(span.TotalSeconds * _time.TimestampFrequency);

    private (long Bytes, long Entries) Size() => (_index.Bytes, _index.Entries);

    private static void Sweep(WeakReference<CachingAuthStateStore> reference)
    {
        if (reference.TryGetTarget(out var cache))
        {
            lock (cache._gate)
            {
                cache._index.Sweep(cache.Now(), int.MaxValue);
            }
        }
    }
}
