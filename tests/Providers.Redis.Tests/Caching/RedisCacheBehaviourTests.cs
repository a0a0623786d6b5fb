using Adapters.Redis.Caching;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;
using static Adapters.Redis.Tests.Caching.CacheTestKit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary>Where the Redis cache does better than Microsoft's: atomic Sets that own the TTL, exact TTLs, one round trip per read.</summary>
public sealed class RedisCacheBehaviourTests(RedisServers servers)
{
    private static readonly DistributedCacheEntryOptions NoExpiration = new();

    [Fact]
    public async Task A_set_without_expiration_removes_the_ttl_of_the_entry_it_replaces()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) }, Ct);
        Assert.InRange(await redis.PttlAsync(instance + "k"), 1, 60_000);

        await cache.SetAsync("k", [2], NoExpiration, Ct);

        Assert.Equal(-1, await redis.PttlAsync(instance + "k"));
        Assert.Equal([2], await cache.GetAsync("k", Ct));
    }

    [Fact]
    public async Task A_set_replaces_a_longer_ttl_with_a_shorter_one()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1) }, Ct);

        cache.Set("k", [2], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30) });

        Assert.InRange(await redis.PttlAsync(instance + "k"), 25_000, 30_000);
        var (fields, _) = await redis.EntryAsync(instance + "k");
        Assert.Equal("-1", fields["sldexp"]);
    }

    [Fact]
    public async Task A_set_is_one_atomic_block_whatever_the_expiration()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, _) = Cache(redis);
        using var spans = new CommandSpans();

        await cache.SetAsync("a", [1], NoExpiration, Ct);
        await cache.SetAsync("b", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) }, Ct);
        cache.Set("c", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });

        // One MULTI … EXEC block each (a single reply, EXEC's), no Lua: atomic, one round trip.
        Assert.Equal(["EXEC", "EXEC", "EXEC"], spans.Commands);
    }

    [Fact]
    public async Task A_get_of_an_entry_without_sliding_expiration_is_one_native_command()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, _) = Cache(redis);
        await cache.SetAsync("k", [7], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) }, Ct);
        using var spans = new CommandSpans();

        Assert.Equal([7], await cache.GetAsync("k", Ct));
        Assert.Equal([7], cache.Get("k"));

        Assert.Equal(["HMGET", "HMGET"], spans.Commands);
    }

    [Fact]
    public async Task A_sliding_get_of_a_large_value_reads_it_natively_in_the_same_round_trip()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var large = new byte[64 * 1024];
        Random.Shared.NextBytes(large);
        await cache.SetAsync("k", large, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct);
        Assert.Equal(large, await cache.GetAsync("k", Ct)); // loads the script if the server lacks it
        await redis.AgeAsync(instance + "k", TimeSpan.FromSeconds(5));
        using var spans = new CommandSpans();

        Assert.Equal(large, await cache.GetAsync("k", Ct));

        Assert.Equal(["EVALSHA", "HGET"], spans.Commands.Order(StringComparer.Ordinal));
        var (first, second) = (spans.Spans[0], spans.Spans[1]);
        Assert.True(second.StartTimeUtc <= first.StartTimeUtc + first.Duration, "Both commands were in flight together.");
        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);
    }

    [Fact]
    public async Task An_entry_rewritten_elsewhere_with_another_expiration_is_still_read_and_slid_right()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var elsewhere = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance }); // another process
        var sliding = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) };
        await cache.SetAsync("k", [1], NoExpiration, Ct);
        await elsewhere.SetAsync("k", [2], sliding, Ct);
        await redis.AgeAsync(instance + "k", TimeSpan.FromSeconds(5));

        Assert.Equal([2], await cache.GetAsync("k", Ct)); // read as a plain entry, found sliding, slid by a second command
        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);
        await redis.AgeAsync(instance + "k", TimeSpan.FromSeconds(5));
        using (var spans = new CommandSpans())
        {
            Assert.Equal([2], await cache.GetAsync("k", Ct)); // learned: one script now
            Assert.Equal(["EVALSHA"], spans.Commands);
        }

        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);

        await elsewhere.SetAsync("k", [3], NoExpiration, Ct);
        Assert.Equal([3], await cache.GetAsync("k", Ct));
        Assert.Equal(-1, await redis.PttlAsync(instance + "k"));
    }

    [Fact]
    public async Task A_get_that_slides_by_a_known_window_is_one_native_block()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        await cache.SetAsync("k", [7], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct);
        await redis.AgeAsync(instance + "k", TimeSpan.FromSeconds(5));
        using var spans = new CommandSpans();

        var read = await cache.GetAsync("k", Ct);

        // MULTI HMGET PEXPIRE EXEC: one reply (EXEC's), no Lua.
        Assert.Equal([7], read);
        Assert.Equal(["EXEC"], spans.Commands);
        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);
    }

    [Fact]
    public async Task A_get_that_slides_under_an_absolute_cap_is_one_script()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var options = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(20) };
        await cache.SetAsync("k", [7], options, Ct);
        Assert.Equal([7], await cache.GetAsync("k", Ct)); // loads the script if the server lacks it
        await redis.AgeAsync(instance + "k", TimeSpan.FromSeconds(5));
        using var spans = new CommandSpans();

        var read = await cache.GetAsync("k", Ct);

        Assert.Equal([7], read);
        Assert.Equal(["EVALSHA"], spans.Commands);
        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);
    }

    [Theory]
    [InlineData("persistent")]
    [InlineData("absolute")]
    [InlineData("other-window")]
    [InlineData("capped")]
    public async Task A_known_window_read_of_an_entry_rewritten_elsewhere_leaves_the_ttl_the_new_entry_calls_for(string rewrite)
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var elsewhere = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance }); // another process
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct); // learns the window
        var (options, low, high) = rewrite switch
        {
            "persistent" => (new DistributedCacheEntryOptions(), -1L, -1L),
            // Expiring at the absolute time rounds up to the millisecond: never early, at most 1 ms late.
            "absolute" => (new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(30) }, 1_790_000L, 1_800_001L),
            "other-window" => (new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(3) }, 170_000L, 180_000L),
            _ => (new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2) }, 110_000L, 120_000L),
        };
        await elsewhere.SetAsync("k", [2], options, Ct);

        Assert.Equal([2], await cache.GetAsync("k", Ct)); // guessed the old window; the reply showed otherwise: repaired

        Assert.InRange(await redis.PttlAsync(instance + "k"), low, high);
        Assert.Equal([2], await cache.GetAsync("k", Ct)); // learned: read by the path that fits
        Assert.InRange(await redis.PttlAsync(instance + "k"), low, high);
    }

    [Fact]
    public async Task A_server_that_refuses_the_known_window_block_is_read_with_the_script_from_then_on()
    {
        await using var redis = await StandaloneAsync(servers);
        var key = NewInstance("pre7") + "k";
        var old = new PreSevenServer(redis.Executor);
        var commands = new ScriptCacheCommands();
        var sliding = CacheExpiration.From(new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, DateTimeOffset.UtcNow);
        CacheWrite.ThrowIfRefused(await commands.SetAsync(old, key, new byte[] { 7 }, sliding, Ct), key, sliding); // learns the window
        await redis.AgeAsync(key, TimeSpan.FromSeconds(5));

        for (var read = 0; read < 2; read++)
        {
            var first = await commands.ReadAsync(old, key, Replies.Bulk, Ct);
            Assert.Equal([7], await commands.FinishReadAsync(old, key, first, Ct));
            Assert.InRange(await redis.PttlAsync(key), 590_000, 600_000);
            await redis.AgeAsync(key, TimeSpan.FromSeconds(5));
        }

        Assert.Equal(1, old.Aborted); // refused once, then read with the script
    }

    [Fact]
    public async Task A_known_window_read_of_a_key_that_is_not_a_hash_fails_and_leaves_its_ttl_alone()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct);
        await redis.RawAsync("SET", instance + "k", "someone else's");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => cache.GetAsync("k", Ct));

        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal(-1, await redis.PttlAsync(instance + "k"));
        Assert.Equal("someone else's", (await redis.RawAsync("GET", instance + "k")).AsString());
    }

    [Fact]
    public async Task Without_scripts_a_sliding_get_takes_the_two_round_trips_of_Microsofts_algorithm()
    {
        await using var redis = await StandaloneAsync(servers);
        var instance = NewInstance("noscripts");
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance, UseScripts = false });
        await cache.SetAsync("k", [7], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct);
        await redis.AgeAsync(instance + "k", TimeSpan.FromSeconds(5));
        using var spans = new CommandSpans();

        Assert.Equal([7], await cache.GetAsync("k", Ct));

        Assert.Equal(["HMGET", "PEXPIRE"], spans.Commands);
        Assert.InRange(await redis.PttlAsync(instance + "k"), 590_000, 600_000);
    }

    [Fact]
    public async Task Ttls_are_exact_to_the_millisecond()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);

        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(1_500) }, Ct);
        await cache.SetAsync("sliding", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMilliseconds(2_750) }, Ct);

        // Microsoft's whole seconds would give 1,000 and 2,000.
        Assert.InRange(await redis.PttlAsync(instance + "k"), 1_001, 1_500);
        Assert.InRange(await redis.PttlAsync(instance + "sliding"), 2_001, 2_750);
    }

    [Fact]
    public async Task A_sub_second_expiration_expires_the_entry()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);

        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(300) }, Ct);

        Assert.InRange(await redis.PttlAsync(instance + "k"), -2, 300);
        await UntilAsync(async () => await cache.GetAsync("k", Ct) is null, "a 300 ms entry to expire");
    }

    [Fact]
    public async Task A_sliding_window_below_a_second_is_kept_alive_by_reads()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMilliseconds(800) }, Ct);

        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(300, Ct);
            Assert.Equal([1], await cache.GetAsync("k", Ct));
            Assert.InRange(await redis.PttlAsync(instance + "k"), 1, 800);
        }
    }

    [Fact]
    public async Task An_absolute_expiration_at_any_offset_is_stored_as_its_utc_ticks()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var expiration = DateTimeOffset.UtcNow.ToOffset(new TimeSpan(-9, -30, 0)).AddMinutes(30);

        await cache.SetAsync("k", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = expiration }, Ct);

        var (fields, _) = await redis.EntryAsync(instance + "k");
        Assert.Equal(expiration.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), fields["absexp"]);
        Assert.InRange(await redis.PttlAsync(instance + "k"), 1_790_000, 1_800_000);
    }

    [Fact]
    public async Task Remove_deletes_the_whole_entry()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        await cache.SetAsync("k", new byte[100_000], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) }, Ct);

        cache.Remove("k");

        Assert.Equal(0, (await redis.RawAsync("EXISTS", instance + "k")).AsInt64());
    }

    [Fact]
    public async Task Keys_are_the_instance_name_and_the_key_and_an_empty_key_is_allowed_as_Microsoft_allows_it()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        Assert.Equal(instance, cache.InstanceName);

        await cache.SetAsync(string.Empty, [9], NoExpiration, Ct);
        await cache.SetAsync("k", [8], NoExpiration, Ct);

        Assert.Equal([9], await cache.GetAsync(string.Empty, Ct));
        Assert.Equal([9], (await redis.EntryAsync(instance)).Data);
        Assert.Equal([8], (await redis.EntryAsync(instance + "k")).Data);
        Assert.Equal(string.Empty, new RedisDistributedCache(redis).InstanceName);
    }

    private static (RedisDistributedCache Cache, string Instance) Cache(RedisConnection redis)
    {
        var instance = NewInstance("behaviour");
        return (new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance }), instance);
    }
}
