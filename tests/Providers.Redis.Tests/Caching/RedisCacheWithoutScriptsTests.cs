using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;
using static Adapters.Redis.Tests.Caching.CacheTestKit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary>
/// A server where Lua is disabled (EVAL, EVALSHA and FCALL renamed away, as managed offerings and ACLs do): the default
/// cache says how to get past it, and <see cref="RedisCacheOptions.UseScripts"/> = false works with MULTI/EXEC.
/// </summary>
public sealed class RedisCacheWithoutScriptsTests(RedisServers servers)
{
    [Fact]
    public async Task With_scripts_a_sliding_read_fails_saying_to_turn_them_off()
    {
        await using var server = await StartWithoutScriptsAsync();
        await using var redis = await ConnectAsync(server);
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = NewInstance("scripts") });

        // MULTI/EXEC: no script. An absolute expiration caps the slide, which only a script computes on the server.
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1), AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) }, Ct);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => cache.GetAsync("k", Ct));

        Assert.Contains("UseScripts", error.Message, StringComparison.Ordinal);
        Assert.Contains("EVALSHA", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown command", Assert.IsType<RedisServerException>(error.InnerException).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_scripts_every_operation_works_and_sets_stay_atomic()
    {
        await using var server = await StartWithoutScriptsAsync();
        await using var redis = await ConnectAsync(server);
        var instance = NewInstance("noscripts");
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance, UseScripts = false });
        var sliding = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) };

        await cache.SetAsync("k", [1], sliding, Ct);
        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);
        await redis.AgeAsync(instance + "k", TimeSpan.FromSeconds(5));
        Assert.Equal([1], await cache.GetAsync("k", Ct));
        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);

        await redis.AgeAsync(instance + "k", TimeSpan.FromSeconds(5));
        cache.Refresh("k");
        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);

        cache.Set("k", [2], new DistributedCacheEntryOptions());
        Assert.Equal(-1, await redis.PttlAsync(instance + "k"));
        Assert.Equal([2], cache.Get("k"));
        var (fields, _) = await redis.EntryAsync(instance + "k");
        Assert.Equal(["absexp", "data", "sldexp"], fields.Keys.Order(StringComparer.Ordinal));

        await cache.RemoveAsync("k", Ct);
        Assert.Null(await cache.GetAsync("k", Ct));
    }

    [Fact]
    public async Task Without_scripts_a_sliding_entry_past_its_absolute_expiration_is_removed_on_read()
    {
        await using var server = await StartWithoutScriptsAsync();
        await using var redis = await ConnectAsync(server);
        var instance = NewInstance("noscripts");
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance, UseScripts = false });
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(600) }, Ct);
        await redis.RawAsync("PEXPIRE", instance + "k", 600_000); // the key outlives the entry, as a late writer's clock can leave it

        await UntilAsync(async () => await cache.GetAsync("k", Ct) is null, "the absolute expiration to pass");
        Assert.Equal(-2, await redis.PttlAsync(instance + "k"));
    }

    private Task<RedisServerProcess> StartWithoutScriptsAsync()
        => servers.StartDedicatedAsync("--rename-command", "EVAL", "", "--rename-command", "EVALSHA", "", "--rename-command", "FCALL", "");
}
