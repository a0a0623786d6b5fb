using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Xunit;
using static Adapters.InMemory.Tests.Caching.CachingKit;

namespace Adapters.InMemory.Tests.Caching;

public sealed class CachingAuthStateStoreMetricsTests
{
    [Fact]
    public async Task Hits_misses_removals_and_size_are_recorded_on_the_meter_tagged_with_the_cache_name()
    {
        var name = $"metrics-{Guid.NewGuid():N}";
        var measured = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CachingAuthStateStore.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? cache = null;
            string? reason = null;
            foreach (var tag in tags)
            {
                cache = tag.Key == "adapters.cache.name" ? tag.Value as string : cache;
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            if (cache == name)
            {
                var key = reason is null ? instrument.Name : $"{instrument.Name}:{reason}";
                measured.AddOrUpdate(key, value, (_, sum) => instrument.Name.EndsWith(".bytes", StringComparison.Ordinal) || instrument.Name.EndsWith(".entries", StringComparison.Ordinal) ? value : sum + value);
            }
        });
        listener.Start();
        var entry = EntryBytes("1", 500);
        await using var cache = CachingAuthStateStore.Create(new InMemoryAuthStateStore(), new CachingAuthStateStoreOptions { Name = name, MaxBytes = SessionBytes + (2 * entry), MaxEntryBytes = 1000 });

        await cache.SetKeysAsync(Session, One("1", Bytes(1, 500)), Ct);
        await cache.ReadKeyAsync("1");
        await cache.ReadKeyAsync("2");
        await cache.SetKeysAsync(Session, One("3", Bytes(3, 500)), Ct);   // evicts "1" (the absence of "2" is newer)
        await cache.SetKeysAsync(Session, One("3", Bytes(4, 500)), Ct);   // its old entry is invalidated
        listener.RecordObservableInstruments();

        Assert.Equal(1, measured["adapters.auth_cache.hits"]);
        Assert.Equal(1, measured["adapters.auth_cache.misses"]);
        Assert.Equal(1, measured["adapters.auth_cache.removals:evicted"]);
        Assert.Equal(1, measured["adapters.auth_cache.removals:invalidated"]);
        Assert.Equal(cache.Statistics.Bytes, measured["adapters.auth_cache.bytes"]);
        Assert.Equal(2, measured["adapters.auth_cache.entries"]);
        Assert.Equal(0.5, cache.Statistics.HitRatio);
    }
}
