using Adapters.Compression;
using Adapters.InMemory;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;
using static Adapters.Redis.Tests.Caching.CacheTestKit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary><see cref="DistributedCacheBatchExtensions"/>: many entries per call, on Redis (pipelined) and on any other cache.</summary>
public sealed class DistributedCacheBatchTests(RedisServers servers)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetMany_returns_hits_and_misses_in_the_order_of_the_keys(bool cluster)
    {
        await using var redis = cluster ? await ClusterAsync(servers) : await StandaloneAsync(servers);
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = NewInstance("batch") });
        var keys = Enumerable.Range(0, 50).Select(i => $"key-{i}").ToArray(); // no hash tag: spread over every slot
        await cache.SetManyAsync(keys.Where((_, i) => i % 3 != 0).Select(key => KeyValuePair.Create(key, Value(key))), new DistributedCacheEntryOptions(), Ct);

        var values = await cache.GetManyAsync([.. keys, "key-1", "never-set"], Ct);

        Assert.Equal(52, values.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(i % 3 == 0 ? null : Value(keys[i]), values[i]);
        }

        Assert.Equal(Value("key-1"), values[50]);
        Assert.Null(values[51]);
        Assert.Empty(await cache.GetManyAsync([], Ct));
    }

    [Fact]
    public async Task SetMany_gives_every_entry_the_expiration_and_GetMany_slides_them()
    {
        await using var redis = await StandaloneAsync(servers);
        var instance = NewInstance("batch");
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance });
        var keys = Enumerable.Range(0, 10).Select(i => $"sliding-{i}").ToArray();

        await cache.SetManyAsync(keys.Select(key => KeyValuePair.Create(key, Value(key))), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct);

        foreach (var key in keys)
        {
            Assert.InRange(await redis.PttlAsync(instance + key), 590_000, 600_000);
            await redis.AgeAsync(instance + key, TimeSpan.FromSeconds(5));
        }

        var values = await cache.GetManyAsync(keys, Ct);

        Assert.Equal(keys.Select(Value), values);
        foreach (var key in keys)
        {
            Assert.InRange(await redis.PttlAsync(instance + key), 590_000, 600_000);
        }
    }

    [Fact]
    public async Task SetMany_with_a_relative_expiration_replaces_earlier_ttls_and_entries_expire()
    {
        await using var redis = await StandaloneAsync(servers);
        var instance = NewInstance("batch");
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance });
        await cache.SetAsync("a", [0], new DistributedCacheEntryOptions(), Ct);

        await cache.SetManyAsync([KeyValuePair.Create("a", new byte[] { 1 }), KeyValuePair.Create("b", new byte[] { 2 })], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(400) }, Ct);

        Assert.InRange(await redis.PttlAsync(instance + "a"), -2, 400);
        await UntilAsync(async () => (await cache.GetManyAsync(["a", "b"], Ct)).All(value => value is null), "both entries to expire");
    }

    [Fact]
    public async Task The_batch_calls_work_on_any_cache_including_decorated_ones()
    {
        await using var redis = await StandaloneAsync(servers);
        var compressed = new CompressingDistributedCache(
            new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = NewInstance("batch") }),
            new ValueFramer(new ValueFramerOptions { Codec = CompressionCodecs.GZip(), Threshold = 16 }));
        var memory = new InMemoryDistributedCache(new InMemoryDistributedCacheOptions());
        var big = Enumerable.Repeat((byte)'a', 5_000).ToArray();

        foreach (IDistributedCache cache in new IDistributedCache[] { compressed, memory })
        {
            await cache.SetManyAsync([KeyValuePair.Create("x", big), KeyValuePair.Create("y", new byte[] { 1 })], new DistributedCacheEntryOptions(), Ct);
            var values = await cache.GetManyAsync(["y", "missing", "x"], Ct);
            Assert.Equal([1], values[0]);
            Assert.Null(values[1]);
            Assert.Equal(big, values[2]);
        }
    }

    [Fact]
    public async Task Batch_arguments_are_validated_before_anything_is_sent()
    {
        await using var redis = await StandaloneAsync(servers);
        var instance = NewInstance("batch");
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance });
        var options = new DistributedCacheEntryOptions();

        Assert.Equal("cache", (await Assert.ThrowsAsync<ArgumentNullException>(() => ((IDistributedCache)null!).GetManyAsync(["a"], Ct))).ParamName);
        Assert.Equal("keys", (await Assert.ThrowsAsync<ArgumentNullException>(() => cache.GetManyAsync(null!, Ct))).ParamName);
        Assert.Equal("keys", (await Assert.ThrowsAsync<ArgumentException>(() => cache.GetManyAsync(["a", null!], Ct))).ParamName);
        Assert.Equal("entries", (await Assert.ThrowsAsync<ArgumentNullException>(() => cache.SetManyAsync(null!, options, Ct))).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAsync<ArgumentNullException>(() => cache.SetManyAsync([], null!, Ct))).ParamName);
        Assert.Equal("entries", (await Assert.ThrowsAsync<ArgumentException>(() => cache.SetManyAsync([KeyValuePair.Create("ok", new byte[] { 1 }), KeyValuePair.Create("bad", (byte[])null!)], options, Ct))).ParamName);
        Assert.Equal("AbsoluteExpiration", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cache.SetManyAsync([KeyValuePair.Create("late", new byte[] { 1 })], new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) }, Ct))).ParamName);

        // Nothing of a refused batch was written, not even its valid entries.
        Assert.Equal(0, (await redis.RawAsync("EXISTS", instance + "ok", instance + "late")).AsInt64());
    }

    private static byte[] Value(string key) => System.Text.Encoding.UTF8.GetBytes("value of " + key);
}
