using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Adapters.Hybrid.Internal;

/// <summary>
/// When each tag (and <c>*</c>, every entry) was last invalidated. An entry created at or before the invalidation time
/// of one of its tags is stale. Times live in L2 (so every node and every restart sees them) and are cached here; a
/// cached time is re-read after <see cref="AdaptersHybridCacheOptions.TagRefreshInterval"/>, or at once after the
/// backplane lost messages, so a node that missed an invalidation converges.
/// </summary>
internal sealed class TagInvalidations(IDistributedCache? store, TimeProvider time, AdaptersHybridCacheOptions options, ILogger logger)
{
    private const string RecordPrefix = "__adapters_hybrid_tag:";
    private readonly ConcurrentDictionary<string, TagState> _states = new(StringComparer.Ordinal);
    private readonly long _refreshTicks = options.TagRefreshInterval.Ticks;

    /// <summary>Whether an entry created at <paramref name="createdTicks"/> with <paramref name="tags"/> is still valid.</summary>
    public ValueTask<bool> IsCurrentAsync(long createdTicks, string[] tags, CancellationToken cancellationToken)
        => TryIsCurrent(createdTicks, tags, out var current) ? new ValueTask<bool>(current) : SlowAsync(createdTicks, tags, cancellationToken);

    /// <summary>
    /// Answers <see cref="IsCurrentAsync"/> from the cached times alone; <see langword="false"/> when one of them must be
    /// read from L2 first.
    /// </summary>
    public bool TryIsCurrent(long createdTicks, string[] tags, out bool current)
    {
        var now = time.GetUtcNow().UtcTicks;
        return TryCheck(KeyRules.Wildcard, createdTicks, now, out current) && (!current || AllChecked(tags, createdTicks, now, out current));
    }

    /// <summary>Records an invalidation of <paramref name="tag"/> at <paramref name="atTicks"/> (the later time wins).</summary>
    public void Apply(string tag, long atTicks)
    {
        var state = _states.GetOrAdd(tag, static _ => new TagState());
        state.Raise(atTicks, time.GetUtcNow().UtcTicks);
    }

    /// <summary>Invalidates <paramref name="tag"/> now, here and in L2; returns the time recorded.</summary>
    public async ValueTask<long> InvalidateAsync(string tag, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        Apply(tag, now);
        if (store is null)
        {
            return now;
        }

        var record = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(record, now);
        try
        {
            await store.SetAsync(RecordPrefix + tag, record, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.TagRetention }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HybridCacheLog.TagWriteFailed(logger, tag, ex);
        }

        return now;
    }

    /// <summary>Forgets how fresh every cached time is, so each is re-read from L2 before its next use.</summary>
    public void MarkAllStale()
    {
        foreach (var state in _states.Values)
        {
            state.MarkStale();
        }
    }

    private bool AllChecked(string[] tags, long createdTicks, long now, out bool valid)
    {
        valid = true;
        foreach (var tag in tags)
        {
            if (!TryCheck(tag, createdTicks, now, out valid))
            {
                return false;
            }

            if (!valid)
            {
                return true;
            }
        }

        return true;
    }

    private bool TryCheck(string tag, long createdTicks, long now, out bool valid)
    {
        valid = true;
        if (!_states.TryGetValue(tag, out var state) || state.NeedsRead(now, _refreshTicks, store is not null))
        {
            return false;
        }

        valid = createdTicks > state.InvalidatedTicks;
        return true;
    }

    private async ValueTask<bool> SlowAsync(long createdTicks, string[] tags, CancellationToken cancellationToken)
    {
        if (createdTicks <= await TimeOfAsync(KeyRules.Wildcard, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (createdTicks <= await TimeOfAsync(tag, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private async ValueTask<long> TimeOfAsync(string tag, CancellationToken cancellationToken)
    {
        var state = _states.GetOrAdd(tag, static _ => new TagState());
        var now = time.GetUtcNow().UtcTicks;
        if (state.NeedsRead(now, _refreshTicks, store is not null))
        {
            await state.ReadOnceAsync(() => ReadAsync(tag, state)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return state.InvalidatedTicks;
    }

    private async Task ReadAsync(string tag, TagState state)
    {
        var readAt = time.GetUtcNow().UtcTicks;
        try
        {
            var record = await store!.GetAsync(RecordPrefix + tag, CancellationToken.None).ConfigureAwait(false);
            var stored = record is { Length: 8 } ? BinaryPrimitives.ReadInt64LittleEndian(record) : 0;
            state.Raise(stored, readAt);
        }
        catch (Exception ex)
        {
            // The last known time stays; the next read is due after the interval, not on every check.
            HybridCacheLog.TagReadFailed(logger, tag, ex);
            state.Raise(0, readAt);
        }
    }

    /// <summary>The cached invalidation time of one tag and when it was last confirmed.</summary>
    private sealed class TagState
    {
        private readonly Lock _gate = new();
        private long _invalidatedTicks;
        private long _checkedTicks = long.MinValue;
        private Task? _reading;

        public long InvalidatedTicks => Volatile.Read(ref _invalidatedTicks);

        public bool NeedsRead(long now, long refreshTicks, bool hasStore)
        {
            var checkedTicks = Volatile.Read(ref _checkedTicks);
            return hasStore && (checkedTicks == long.MinValue || now - checkedTicks >= refreshTicks);
        }

        public void Raise(long atTicks, long checkedTicks)
        {
            lock (_gate)
            {
                _invalidatedTicks = Math.Max(_invalidatedTicks, atTicks);
                _checkedTicks = checkedTicks;
            }
        }

        public void MarkStale() => Volatile.Write(ref _checkedTicks, long.MinValue);

        /// <summary>Concurrent checks share one read.</summary>
        public Task ReadOnceAsync(Func<Task> read)
        {
            lock (_gate)
            {
                if (_reading is { IsCompleted: false } running)
                {
                    return running;
                }

                _reading = read();
                return _reading;
            }
        }
    }
}
