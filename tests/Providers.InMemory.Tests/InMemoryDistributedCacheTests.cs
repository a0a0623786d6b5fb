using Adapters.Conformance;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;

namespace Adapters.InMemory.Tests;

public sealed class InMemoryDistributedCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Expired_entries_are_swept_out_even_when_nobody_reads_them()
    {
        var clock = new ManualTimeProvider();
        var cache = new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { TimeProvider = clock, ExpirationScanFrequency = TimeSpan.FromMinutes(1) });
        for (var i = 0; i < 100; i++)
        {
            await cache.SetAsync($"k{i}", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30) }, Ct);
        }

        await cache.SetAsync("forever", [1], new DistributedCacheEntryOptions(), Ct);
        clock.Advance(TimeSpan.FromMinutes(2));
        cache.Remove("unrelated"); // any operation can trigger the due sweep

        for (var i = 0; i < 100 && cache.Count > 1; i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.ThrowsAny<ArgumentException>(() => new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { ExpirationScanFrequency = TimeSpan.Zero }));
        Assert.ThrowsAny<ArgumentException>(() => new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { TimeProvider = null! }));
    }

    [Fact]
    public async Task A_relative_expiration_wins_over_an_absolute_one_as_in_RedisCache()
    {
        var clock = new ManualTimeProvider();
        var cache = new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { TimeProvider = clock });
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = clock.GetUtcNow().AddHours(1), AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) }, Ct);

        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await cache.GetAsync("k", Ct));
    }
}
