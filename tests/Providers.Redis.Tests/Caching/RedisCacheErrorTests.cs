using System.Buffers;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Xunit;
using static Adapters.Redis.Tests.Caching.CacheTestKit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary>Arguments are checked where they are passed; what Redis refuses comes back typed, naming operation, command and key, never a value.</summary>
public sealed class RedisCacheErrorTests(RedisServers servers)
{
    private const string Secret = "s3cr3t-payload-that-must-not-leak";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Redis_errors_name_the_operation_the_command_and_the_key_but_no_value(bool useScripts)
    {
        await using var redis = await StandaloneAsync(servers);
        var instance = NewInstance("errors");
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance, UseScripts = useScripts });
        await redis.RawAsync("SET", instance + "string", Secret); // a string where the cache expects a hash: WRONGTYPE
        var value = System.Text.Encoding.UTF8.GetBytes(Secret);

        var errors = new List<(string Operation, RedisServerException Error)>
        {
            ("Get", await Assert.ThrowsAsync<RedisServerException>(() => cache.GetAsync("string", Ct))),
            ("Get", Assert.Throws<RedisServerException>(() => cache.Get("string"))),
            ("Get", await Assert.ThrowsAsync<RedisServerException>(() => cache.TryGetAsync("string", new ArrayBufferWriter<byte>(), Ct).AsTask())),
            ("Set", await Assert.ThrowsAsync<RedisServerException>(() => cache.SetAsync("string", value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) }, Ct))),
            ("Set", Assert.Throws<RedisServerException>(() => cache.Set("string", value, new DistributedCacheEntryOptions()))),
            ("Refresh", await Assert.ThrowsAsync<RedisServerException>(() => cache.RefreshAsync("string", Ct))),
        };

        Assert.All(errors, item =>
        {
            var (operation, error) = item;
            Assert.Contains($"{operation} of key '{instance}string'", error.Message, StringComparison.Ordinal);
            Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
            var server = Assert.IsType<RedisServerException>(error.InnerException);
            Assert.Equal("WRONGTYPE", server.ErrorCode);
            Assert.Equal(instance + "string", server.Key);
            Assert.DoesNotContain(Secret, server.Message, StringComparison.Ordinal);
            Assert.Contains(server.Command!, error.Message, StringComparison.Ordinal);
            Assert.Contains(server.Command, useScripts ? ["EVALSHA", "HMGET", "HSET"] : new[] { "HMGET", "HSET" });
        });

        // The entry Redis refused to overwrite is untouched.
        Assert.Equal(Secret, await redis.Executor.GetAsync(instance + "string", Ct).Bounded() is { } raw ? System.Text.Encoding.UTF8.GetString(raw) : null);
    }

    [Fact]
    public async Task Null_arguments_name_their_parameter_on_every_entry_point()
    {
        await using var redis = await StandaloneAsync(servers);
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = NewInstance("arguments") });
        IBufferDistributedCache buffers = cache;
        var options = new DistributedCacheEntryOptions();
        var writer = new ArrayBufferWriter<byte>();

        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => buffers.TryGet(null!, writer)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => buffers.TryGet("k", null!)).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => buffers.TryGetAsync(null!, writer, Ct).AsTask())).ParamName);
        Assert.Equal("destination", (await Assert.ThrowsAsync<ArgumentNullException>(() => buffers.TryGetAsync("k", null!, Ct).AsTask())).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => buffers.Set(null!, ReadOnlySequence<byte>.Empty, options)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => buffers.Set("k", ReadOnlySequence<byte>.Empty, null!)).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => buffers.SetAsync(null!, ReadOnlySequence<byte>.Empty, options, Ct).AsTask())).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAsync<ArgumentNullException>(() => buffers.SetAsync("k", ReadOnlySequence<byte>.Empty, null!, Ct).AsTask())).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => cache.SetAsync(null!, [1], options, Ct))).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAsync<ArgumentNullException>(() => cache.SetAsync("k", [1], null!, Ct))).ParamName);
        Assert.Equal("connection", Assert.Throws<ArgumentNullException>(() => new RedisDistributedCache((RedisConnection)null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new RedisDistributedCache((IOptions<RedisCacheOptions>)null!)).ParamName);
    }

    [Fact]
    public void A_cache_with_no_connection_configured_is_refused_naming_the_options()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisDistributedCache(new RedisCacheOptions { InstanceName = "x" }));

        Assert.Equal("options", error.ParamName);
        Assert.Contains(nameof(RedisCacheOptions.Configuration), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_configuration_string_is_refused_at_construction_naming_the_keyword_not_the_value()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisDistributedCache(new RedisCacheOptions { Configuration = "localhost:6379,connectTimeout=soon" }));

        Assert.Contains("connectTimeout", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("soon", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_cache_refuses_calls_and_leaves_a_connection_it_was_given_open()
    {
        await using var redis = await StandaloneAsync(servers);
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = NewInstance("disposed") });
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions(), Ct);

        await cache.DisposeAsync();
        cache.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => cache.GetAsync("k", Ct));
        Assert.Throws<ObjectDisposedException>(() => cache.Set("k", [1], new DistributedCacheEntryOptions()));
        Assert.Equal("PONG", (await redis.RawAsync("PING")).AsString());
    }
}
