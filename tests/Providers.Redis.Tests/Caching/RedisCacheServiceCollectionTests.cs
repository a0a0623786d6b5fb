using Adapters.Compression;
using Adapters.InMemory;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Adapters.Redis.Tests.Caching.CacheTestKit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary><c>AddAdaptersRedisCache</c> as a drop-in for <c>AddStackExchangeRedisCache</c>, on a real container and server.</summary>
public sealed class RedisCacheServiceCollectionTests(RedisServers servers)
{
    [Fact]
    public async Task The_registered_cache_connects_with_the_configuration_and_prefixes_keys_with_the_instance_name()
    {
        var server = await servers.GetStandaloneAsync();
        var instance = NewInstance("di");
        var services = new ServiceCollection();
        services.AddAdaptersRedisCache(options =>
        {
            options.Configuration = server.EndPoint;
            options.InstanceName = instance;
        });

        await using (var provider = services.BuildServiceProvider())
        {
            var cache = provider.GetRequiredService<IDistributedCache>();
            Assert.Same(provider.GetRequiredService<RedisDistributedCache>(), cache);
            Assert.IsAssignableFrom<IBufferDistributedCache>(cache);

            await cache.SetAsync("k", [1, 2], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) }, Ct);
            Assert.Equal([1, 2], await cache.GetAsync("k", Ct));
        }

        await using var redis = await ConnectAsync(server);
        Assert.Equal([1, 2], (await redis.EntryAsync(instance + "k")).Data);
    }

    [Fact]
    public async Task A_connection_factory_is_called_once_and_its_connection_outlives_the_container()
    {
        await using var redis = await StandaloneAsync(servers);
        var calls = 0;
        var services = new ServiceCollection();
        services.AddAdaptersRedisCache(options =>
        {
            options.InstanceName = NewInstance("di");
            options.ConnectionFactory = () =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(redis);
            };
        });

        await using (var provider = services.BuildServiceProvider())
        {
            var cache = provider.GetRequiredService<IDistributedCache>();
            Assert.Equal(0, calls); // connects on first use, like Microsoft's
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => cache.SetAsync($"k{i}", [1], new DistributedCacheEntryOptions(), Ct)));
            Assert.Equal([1], cache.Get("k7"));
        }

        Assert.Equal(1, calls);
        Assert.Equal("PONG", (await redis.RawAsync("PING")).AsString());
    }

    [Fact]
    public async Task WithCompression_wraps_the_cache_and_compressed_entries_stay_readable_by_a_plain_one()
    {
        await using var redis = await StandaloneAsync(servers);
        var instance = NewInstance("di");
        var services = new ServiceCollection();
        services.AddAdaptersRedisCache(options =>
        {
            options.ConnectionFactory = () => Task.FromResult(redis);
            options.InstanceName = instance;
        }).WithCompression(CompressionCodecs.GZip(), threshold: 100);
        var json = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"name\":\"value\",\"n\":12345},", 200)));

        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<IDistributedCache>();
        await cache.SetAsync("k", json, new DistributedCacheEntryOptions(), Ct);

        var compressing = Assert.IsType<CompressingDistributedCache>(cache);
        Assert.Same(provider.GetRequiredService<RedisDistributedCache>(), compressing.Inner);
        Assert.Equal(json, await cache.GetAsync("k", Ct));
        var stored = (await redis.EntryAsync(instance + "k")).Data!;
        Assert.True(stored.Length < json.Length / 4, $"{stored.Length} bytes stored for {json.Length}: not compressed.");
        Assert.Equal(json, compressing.Framer.Decode(stored));
    }

    [Fact]
    public void WithCompression_refuses_a_codec_that_is_not_usable_and_a_cache_it_does_not_own()
    {
        var services = new ServiceCollection();
        var builder = services.AddAdaptersRedisCache(options => options.Configuration = "localhost:6379");
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.WithCompression(CompressionCodecs.GZip(), threshold: -1));
        Assert.Equal("codec", Assert.Throws<ArgumentNullException>(() => builder.WithCompression(null!)).ParamName);

        var taken = new ServiceCollection().AddAdaptersMemoryCache();
        var error = Assert.Throws<InvalidOperationException>(() => taken.AddAdaptersRedisCache(options => options.Configuration = "localhost:6379").WithCompression(CompressionCodecs.GZip()));
        Assert.Contains("AddAdaptersRedisCache", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_configuration_string_fails_on_resolution_with_an_ArgumentException_naming_the_keyword()
    {
        var services = new ServiceCollection();
        services.AddAdaptersRedisCache(options => options.Configuration = "localhost:6379,syncTimeout=never,password=hunter2");
        using var provider = services.BuildServiceProvider();

        var error = Assert.ThrowsAny<ArgumentException>(() => provider.GetRequiredService<IDistributedCache>());

        Assert.Contains("syncTimeout", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("never", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAdaptersMemoryCache_registers_the_in_memory_cache()
    {
        var services = new ServiceCollection();
        services.AddAdaptersMemoryCache();
        await using var provider = services.BuildServiceProvider();

        var cache = provider.GetRequiredService<IDistributedCache>();
        await cache.SetAsync("k", [3], new DistributedCacheEntryOptions(), Ct);

        Assert.IsType<InMemoryDistributedCache>(cache);
        Assert.Equal([3], await cache.GetAsync("k", Ct));
    }
}
