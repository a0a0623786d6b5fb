using Adapters.Hybrid.Internal;
using Microsoft.Extensions.Caching.Hybrid;

namespace Adapters.Hybrid;

/// <summary>Running the factory: fail-safe fallback, soft timeout and eager background refresh.</summary>
public sealed partial class AdaptersHybridCache
{
    /// <summary>Runs the factory and stores its value; with fail-safe, a failure or a slow factory serves <paramref name="stale"/>.</summary>
    private async Task<LocalEntry?> CreateAsync<TState, T>(string key, HybridCacheEntryFlags flags, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options, string[] tags, LocalEntry? stale, long seen, CancellationToken token)
    {
        _metrics.FactoryCall();
        if (stale is null || !_options.FailSafe)
        {
            var value = await factory(state, token).ConfigureAwait(false);
            return await StoreAsync(key, value, flags, options, tags, seen, token).ConfigureAwait(false);
        }

        var producing = ProduceAsync(key, flags, state, factory, options, tags, seen, token);
        if (_options.FactorySoftTimeout != Timeout.InfiniteTimeSpan)
        {
            var timeout = Task.Delay(_options.FactorySoftTimeout, _time, token);
            if (await Task.WhenAny(producing, timeout).ConfigureAwait(false) != producing && !token.IsCancellationRequested)
            {
                HybridCacheLog.SoftTimeout(_logger, key);
                _metrics.StaleServed();
                _ = ObserveInBackground(key, producing);
                return stale;
            }
        }

        try
        {
            return await producing.ConfigureAwait(false);
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            HybridCacheLog.FailSafeServed(_logger, key, ex);
            _metrics.StaleServed();
            return stale;
        }
    }

    private async Task<LocalEntry?> ProduceAsync<TState, T>(string key, HybridCacheEntryFlags flags, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options, string[] tags, long seen, CancellationToken token)
    {
        var value = await factory(state, token).ConfigureAwait(false);
        return await StoreAsync(key, value, flags, options, tags, seen, token).ConfigureAwait(false);
    }

    /// <summary>
    /// On an L1 hit past <see cref="AdaptersHybridCacheOptions.EagerRefreshThreshold"/> of its lifetime, refreshes the
    /// entry in the background (once per entry, and never beside a fetch of the key already running).
    /// </summary>
    private void RefreshEarlyIfDue<TState, T>(string key, HybridCacheEntryFlags flags, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options, IEnumerable<string>? tags, LocalEntry entry, long now)
    {
        if (_options.EagerRefreshThreshold is not { } threshold || (flags & HybridCacheEntryFlags.DisableUnderlyingData) != 0
            || now - entry.StoredTicks < threshold * (entry.ExpiresTicks - entry.StoredTicks) || _flights.ContainsKey((key, flags)) || !entry.TryStartRefresh())
        {
            return;
        }

        var flight = new Flight(typeof(T));
        if (!_flights.TryAdd((key, flags), flight))
        {
            return;
        }

        var seen = _invalidations.Snapshot(key);
        flight.Start(RefreshAsync(flight, key, flags, state, factory, options, KeyRules.EntryTags(tags, nameof(tags)), entry, seen));
    }

    private async Task<LocalEntry?> RefreshAsync<TState, T>(Flight flight, string key, HybridCacheEntryFlags flags, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options, string[] tags, LocalEntry current, long seen)
    {
        try
        {
            _metrics.FactoryCall();
            var value = await factory(state, flight.Token).ConfigureAwait(false);
            return await StoreAsync(key, value, flags, options, tags, seen, flight.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Callers that join this flight get the entry they would have had without the refresh.
            HybridCacheLog.BackgroundRefreshFailed(_logger, key, ex);
            return current;
        }
        finally
        {
            _flights.TryRemove(KeyValuePair.Create((key, flags), flight));
        }
    }

    private async Task ObserveInBackground(string key, Task producing)
    {
        try
        {
            await producing.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            HybridCacheLog.BackgroundRefreshFailed(_logger, key, ex);
        }
    }
}
