using System.Buffers;
using System.Collections.Concurrent;
using Adapters.InMemory.Internal;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.InMemory;

/// <summary>
/// An in-process <see cref="IDistributedCache"/> and <see cref="IBufferDistributedCache"/> on a
/// <see cref="TimeProvider"/>. Unlike <c>MemoryDistributedCache</c> it copies values in and out, so no caller can
/// change a stored value through an array it passed or received; keys are case-sensitive.
/// </summary>
public sealed class InMemoryDistributedCache : IDistributedCache, IBufferDistributedCache
{
    private readonly ConcurrentDictionary<string, CacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _scanEvery;
    private long _nextScan;
    private int _scanning;

    /// <summary>Creates an empty cache.</summary>
    public InMemoryDistributedCache(InMemoryDistributedCacheOptions? options = null)
    {
        options ??= new InMemoryDistributedCacheOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ExpirationScanFrequency, TimeSpan.Zero, nameof(options));
        _time = options.TimeProvider;
        _scanEvery = options.ExpirationScanFrequency.Ticks;
        _nextScan = Now + _scanEvery;
    }

    /// <summary>The number of entries held, expired ones not yet swept included.</summary>
    public int Count => _entries.Count;

    private long Now => _time.GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public byte[]? Get(string key) => Find(key)?.Value.ToArray();

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(Get(key));
    }

    /// <inheritdoc />
    public bool TryGet(string key, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (Find(key) is not { } entry)
        {
            return false;
        }

        destination.Write(entry.Value);
        return true;
    }

    /// <inheritdoc />
    public ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return ValueTask.FromResult(TryGet(key, destination));
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        Store(key, value.ToArray(), options);
    }

    /// <inheritdoc />
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options)
        => Store(key, value.ToArray(), options);

    /// <inheritdoc />
    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Set(key, value, options);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Refresh(string key) => Find(key);

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Refresh(key);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _entries.TryRemove(key, out _);
        SweepIfDue();
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Remove(key);
        return Task.CompletedTask;
    }

    // Finds a live entry and slides its expiration; an expired one is removed on sight.
    private CacheEntry? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        SweepIfDue();
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        var now = Now;
        if (entry.IsExpired(now))
        {
            _entries.TryRemove(new KeyValuePair<string, CacheEntry>(key, entry));
            return null;
        }

        entry.Touch(now);
        return entry;
    }

    private void Store(string key, byte[] owned, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        _entries[key] = CacheEntry.Create(owned, options, _time.GetUtcNow());
        SweepIfDue();
    }

    private void SweepIfDue()
    {
        var now = Now;
        if (now < Volatile.Read(ref _nextScan) || Interlocked.Exchange(ref _scanning, 1) == 1)
        {
            return;
        }

        Volatile.Write(ref _nextScan, now + _scanEvery);
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (cache, now) = state;
                foreach (var pair in cache._entries)
                {
                    if (pair.Value.IsExpired(now))
                    {
                        cache._entries.TryRemove(pair);
                    }
                }

                Volatile.Write(ref cache._scanning, 0);
            },
            (this, now),
            preferLocal: false);
    }
}
