using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Adapters.InMemory.Internal;

/// <summary>
/// The instruments of every <see cref="CachingAuthStateStore"/> (meter <see cref="CachingAuthStateStore.MeterName"/>),
/// tagged with the cache's name. Recording costs a flag check when nobody listens; the size gauges are observed from
/// every live cache (weakly held, so an undisposed cache is still collected).
/// </summary>
internal sealed class AuthCacheMetrics
{
    private static readonly ConditionalWeakTable<AuthCacheMetrics, object?> Live = [];

    private static readonly Meter Meter = new(CachingAuthStateStore.MeterName);

    private static readonly Counter<long> HitCounter = Meter.CreateCounter<long>("adapters.auth_cache.hits", "{entry}", "Ids and credential reads answered from the cache.");

    private static readonly Counter<long> MissCounter = Meter.CreateCounter<long>("adapters.auth_cache.misses", "{entry}", "Ids and credential reads fetched from the store.");

    private static readonly Counter<long> CoalescedCounter = Meter.CreateCounter<long>("adapters.auth_cache.coalesced", "{entry}", "Ids that joined a fetch already in flight.");

    private static readonly Counter<long> RemovalCounter = Meter.CreateCounter<long>("adapters.auth_cache.removals", "{entry}", "Entries dropped, by reason (evicted, expired, invalidated).");

    private static readonly Counter<long> FlushCounter = Meter.CreateCounter<long>("adapters.auth_cache.flushes", "{flush}", "Times the whole cache was dropped.");

    private readonly KeyValuePair<string, object?> _name;
    private readonly Func<(long Bytes, long Entries)> _size;

    static AuthCacheMetrics()
    {
        Meter.CreateObservableGauge("adapters.auth_cache.bytes", () => Observe(static size => size.Bytes), "By", "Bytes held, values plus estimated bookkeeping.");
        Meter.CreateObservableGauge("adapters.auth_cache.entries", () => Observe(static size => size.Entries), "{entry}", "Entries held.");
    }

    /// <summary>Starts recording for the cache named <paramref name="name"/>, whose size <paramref name="size"/> reads.</summary>
    public AuthCacheMetrics(string name, Func<(long Bytes, long Entries)> size)
    {
        _name = new("adapters.cache.name", name);
        _size = size;
        Live.Add(this, null);
    }

    public void Hits(long count) => Add(HitCounter, count);

    public void Misses(long count) => Add(MissCounter, count);

    public void Coalesced(long count) => Add(CoalescedCounter, count);

    public void Flushed() => Add(FlushCounter, 1);

    public void Removed(string reason)
    {
        if (RemovalCounter.Enabled)
        {
            RemovalCounter.Add(1, _name, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    /// <summary>Stops the size gauges reporting this cache (it was disposed).</summary>
    public void Stop() => Live.Remove(this);

    private static IEnumerable<Measurement<long>> Observe(Func<(long Bytes, long Entries), long> pick)
    {
        foreach (var (metrics, _) in Live)
        {
            yield return new Measurement<long>(pick(metrics._size()), metrics._name);
        }
    }

    private void Add(Counter<long> counter, long count)
    {
        if (count > 0 && counter.Enabled)
        {
            counter.Add(count, _name);
        }
    }
}
