using System.Buffers;
using Adapters.Compression.Internal;
using Adapters.Hybrid.Internal;
using Microsoft.Extensions.Caching.Hybrid;

namespace Adapters.Hybrid;

/// <summary>Reads: L1, then one shared fetch per key (L2, then the factory).</summary>
public sealed partial class AdaptersHybridCache
{
    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="ArgumentException">A tag is unusable (null, empty, whitespace, <c>*</c>).</exception>
    /// <exception cref="InvalidOperationException">The key is cached or being fetched as another type.</exception>
    public override ValueTask<T> GetOrCreateAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        ThrowIfDisposed();
        var flags = FlagsOf(options);
        if (KeyRules.KeyProblem(key, _options.MaximumKeyLength) is { } problem)
        {
            HybridCacheLog.InvalidKey(_logger, problem);
            return (flags & HybridCacheEntryFlags.DisableUnderlyingData) != 0 ? default : factory(state, cancellationToken);
        }

        KeyRules.ValidateEntryTags(tags, nameof(tags));

        // The L1 hit completes synchronously and allocates nothing for immutable types; everything else goes async.
        if ((_backplane is null || _subscribed) && (flags & HybridCacheEntryFlags.DisableLocalCacheRead) == 0 && _local.TryGet(key, out var entry)
            && entry!.Type == typeof(T) && _tags.TryIsCurrent(entry.CreatedTicks, entry.Tags, out var current) && current)
        {
            var now = Now;
            if (entry.IsFresh(now))
            {
                _metrics.LocalHit();
                if (_options.EagerRefreshThreshold is not null)
                {
                    RefreshEarlyIfDue(key, flags, state, factory, options, tags, entry, now);
                }

                return new ValueTask<T>(entry.GetValue(_serializers.Get<T>()));
            }
        }

        return GetOrCreateSlowAsync(key, state, factory, options, flags, KeyRules.EntryTags(tags, nameof(tags)), cancellationToken);
    }

    private async ValueTask<T> GetOrCreateSlowAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options, HybridCacheEntryFlags flags, string[] entryTags, CancellationToken cancellationToken)
    {
        await EnsureSubscribedAsync(cancellationToken).ConfigureAwait(false);
        LocalEntry? stale = null;
        if ((flags & HybridCacheEntryFlags.DisableLocalCacheRead) == 0 && _local.TryGet(key, out var entry))
        {
            if (entry!.Type != typeof(T))
            {
                throw WrongType(key, entry.Type, typeof(T));
            }

            if (await _tags.IsCurrentAsync(entry.CreatedTicks, entry.Tags, cancellationToken).ConfigureAwait(false))
            {
                var now = Now;
                if (entry.IsFresh(now))
                {
                    _metrics.LocalHit();
                    RefreshEarlyIfDue(key, flags, state, factory, options, entryTags, entry, now);
                    return entry.GetValue(_serializers.Get<T>());
                }

                // The L1 MemoryCache drops entries on the system clock, not on the injected TimeProvider, so an entry
                // may still be held past its fail-safe window: check the window here on the cache's own clock.
                stale = WithinFailSafe(entry.ExpiresTicks, now) ? entry : null;
            }
        }

        _metrics.LocalMiss();
        var fetched = await FetchAsync(key, flags, state, factory, options, entryTags, stale, cancellationToken).ConfigureAwait(false);
        return fetched is null ? default! : fetched.GetValue(_serializers.Get<T>());
    }

    /// <summary>Joins the fetch of <paramref name="key"/> in progress, or starts one.</summary>
    private async Task<LocalEntry?> FetchAsync<TState, T>(string key, HybridCacheEntryFlags flags, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options, string[] tags, LocalEntry? stale, CancellationToken cancellationToken)
    {
        var flightKey = (key, flags);
        while (true)
        {
            if (_flights.TryGetValue(flightKey, out var running))
            {
                if (running.Type != typeof(T))
                {
                    throw WrongType(key, running.Type, typeof(T));
                }

                if (running.TryJoin())
                {
                    return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                // Every caller of that flight cancelled: it is being abandoned, so start afresh.
                _flights.TryRemove(KeyValuePair.Create(flightKey, running));
                continue;
            }

            var flight = new Flight(typeof(T));
            flight.TryJoin();
            if (!_flights.TryAdd(flightKey, flight))
            {
                continue;
            }

            flight.Start(RunFlightAsync(flight, key, flags, state, factory, options, tags, stale));
            return await flight.WaitAsync(cancellationToken, started: true).ConfigureAwait(false);
        }
    }

    private async Task<LocalEntry?> RunFlightAsync<TState, T>(Flight flight, string key, HybridCacheEntryFlags flags, TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory, HybridCacheEntryOptions? options, string[] tags, LocalEntry? stale)
    {
        try
        {
            var token = flight.Token;
            var seen = _invalidations.Snapshot(key);
            if (_distributed is not null && (flags & HybridCacheEntryFlags.DisableDistributedCacheRead) == 0)
            {
                var (found, staleFound) = await ReadDistributedAsync<T>(key, flags, options, seen, token).ConfigureAwait(false);
                if (found is not null)
                {
                    return found;
                }

                stale ??= staleFound;
            }

            if ((flags & HybridCacheEntryFlags.DisableUnderlyingData) != 0)
            {
                return null;
            }

            return await CreateAsync(key, flags, state, factory, options, tags, stale, seen, token).ConfigureAwait(false);
        }
        finally
        {
            _flights.TryRemove(KeyValuePair.Create((key, flags), flight));
        }
    }

    /// <summary>
    /// Reads <paramref name="key"/> from L2: a valid, fresh, current payload becomes an entry (cached in L1 unless the
    /// key was invalidated meanwhile); an expired one within the fail-safe window is returned as the stale fallback.
    /// </summary>
    private async Task<(LocalEntry? Found, LocalEntry? Stale)> ReadDistributedAsync<T>(string key, HybridCacheEntryFlags flags, HybridCacheEntryOptions? options, long seen, CancellationToken token)
    {
        using var buffer = new PooledBufferWriter(1024);
        try
        {
            if (!await ReadPayloadAsync(key, buffer, token).ConfigureAwait(false))
            {
                _metrics.DistributedMiss();
                return default;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            HybridCacheLog.L2ReadFailed(_logger, key, ex);
            _metrics.DistributedMiss();
            return default;
        }

        var problem = HybridPayload.TryRead(buffer.WrittenMemory, key, out var header, out var stored);
        if (problem != PayloadProblem.None || !await _tags.IsCurrentAsync(header.CreatedTicks, header.Tags, token).ConfigureAwait(false))
        {
            if (problem != PayloadProblem.None)
            {
                HybridCacheLog.PayloadRefused(_logger, key, problem.ToString());
            }

            _metrics.DistributedMiss();
            return default;
        }

        var now = Now;
        var fresh = now < header.ExpiresTicks;

        // An L2 whose expiry is late or coarse must not stretch the fail-safe window either.
        if (!fresh && !WithinFailSafe(header.ExpiresTicks, now))
        {
            _metrics.DistributedMiss();
            return default;
        }

        var entry = Materialize<T>(key, stored, header, options, now);
        if (entry is null || !fresh)
        {
            _metrics.DistributedMiss();
            return (null, entry);
        }

        _metrics.DistributedHit();
        if ((flags & HybridCacheEntryFlags.DisableLocalCacheWrite) == 0)
        {
            StoreLocally(key, entry, seen, now);
        }

        return (entry, null);
    }

    private async ValueTask<bool> ReadPayloadAsync(string key, PooledBufferWriter buffer, CancellationToken token)
    {
        if (_bufferDistributed is not null)
        {
            return await _bufferDistributed.TryGetAsync(key, buffer, token).ConfigureAwait(false);
        }

        var bytes = await _distributed!.GetAsync(key, token).ConfigureAwait(false);
        if (bytes is null)
        {
            return false;
        }

        buffer.Write(bytes);
        return true;
    }

    /// <summary>Decodes a stored value into an entry; <see langword="null"/> (logged) when it is oversize, corrupt or undeserializable.</summary>
    private LocalEntry? Materialize<T>(string key, ReadOnlyMemory<byte> stored, PayloadHeader header, HybridCacheEntryOptions? options, long now)
    {
        try
        {
            var raw = ValueFrame.TryReadHeader(stored.Span, out _) ? _framer.Decode(stored.Span) : null;
            var bytes = raw is null ? stored : raw;
            if (bytes.Length > _options.MaximumPayloadBytes)
            {
                HybridCacheLog.PayloadRefused(_logger, key, "oversize");
                return null;
            }

            var serializer = _serializers.Get<T>();
            var immutable = TypeTraits<T>.IsImmutable;
            object? value = immutable ? serializer.Deserialize(new ReadOnlySequence<byte>(bytes)) : null;
            var copy = immutable ? null : raw ?? bytes.ToArray();
            if (!immutable)
            {
                // Proves the bytes deserialize before they are cached: a bad payload is a miss, not a failure per hit.
                _ = serializer.Deserialize(new ReadOnlySequence<byte>(copy!));
            }

            var expires = Math.Min(header.ExpiresTicks, now + LocalExpirationOf(options).Ticks);
            return new LocalEntry(typeof(T), value, copy, bytes.Length, header.CreatedTicks, now, expires, header.Tags);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HybridCacheLog.DeserializeFailed(_logger, key, ex);
            return null;
        }
    }
}
