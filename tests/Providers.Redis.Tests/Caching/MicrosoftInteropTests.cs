using System.Buffers;
using System.Globalization;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;
using static Adapters.Redis.Tests.Caching.CacheTestKit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary>
/// Entries are shared with Microsoft's RedisCache both ways: what it writes (replayed by <see cref="MicrosoftRedisCacheModel"/>)
/// we read, slide and expire; what we write holds exactly its fields, numbers and TTL, and its reader understands it.
/// </summary>
public sealed class MicrosoftInteropTests(RedisServers servers)
{
    private static readonly byte[] Value = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];

    [Fact]
    public async Task An_entry_Microsoft_wrote_without_expiration_is_read_and_keeps_no_ttl()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        await MicrosoftRedisCacheModel.SetAsync(redis, instance + "plain", Value, new DistributedCacheEntryOptions());

        Assert.Equal(Value, await cache.GetAsync("plain", Ct));
        Assert.Equal(Value, cache.Get("plain"));
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(await cache.TryGetAsync("plain", buffer, Ct));
        Assert.Equal(Value, buffer.WrittenSpan.ToArray());
        await cache.RefreshAsync("plain", Ct);
        Assert.Equal(-1, await redis.PttlAsync(instance + "plain"));
    }

    [Fact]
    public async Task Our_reads_and_refreshes_slide_an_entry_Microsoft_wrote_with_a_sliding_expiration()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var key = instance + "sliding";
        await MicrosoftRedisCacheModel.SetAsync(redis, key, Value, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) });
        Assert.InRange(await redis.PttlAsync(key), 590_000, 600_000);

        await redis.AgeAsync(key, TimeSpan.FromSeconds(5));
        Assert.Equal(Value, await cache.GetAsync("sliding", Ct));
        Assert.InRange(await redis.PttlAsync(key), 590_000, 600_000);

        await redis.AgeAsync(key, TimeSpan.FromSeconds(5));
        await cache.RefreshAsync("sliding", Ct);
        Assert.InRange(await redis.PttlAsync(key), 590_000, 600_000);

        await redis.AgeAsync(key, TimeSpan.FromSeconds(5));
        cache.Refresh("sliding");
        Assert.InRange(await redis.PttlAsync(key), 590_000, 600_000);
    }

    [Fact]
    public async Task A_slide_of_an_entry_Microsoft_wrote_is_capped_by_its_absolute_expiration()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var key = instance + "capped";
        await MicrosoftRedisCacheModel.SetAsync(redis, key, Value, new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(10),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2),
        });

        await redis.AgeAsync(key, TimeSpan.FromSeconds(5));
        Assert.Equal(Value, await cache.GetAsync("capped", Ct));

        Assert.InRange(await redis.PttlAsync(key), 100_000, 120_000);
    }

    [Fact]
    public async Task An_entry_Microsoft_wrote_with_an_absolute_expiration_is_not_extended_by_reads_and_expires()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var key = instance + "absolute";
        await MicrosoftRedisCacheModel.SetAsync(redis, key, Value, new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddSeconds(1.5) });

        Assert.Equal(Value, await cache.GetAsync("absolute", Ct));
        await cache.RefreshAsync("absolute", Ct);
        Assert.InRange(await redis.PttlAsync(key), 1, 1_000);

        await UntilAsync(async () => await cache.GetAsync("absolute", Ct) is null, "the entry to expire");
        Assert.Equal(-2, await redis.PttlAsync(key));
    }

    [Fact]
    public async Task A_sliding_entry_past_its_absolute_expiration_is_gone_even_while_its_key_lives()
    {
        // A writer whose clock runs late (or Microsoft's reading of a non-UTC offset) can leave such an entry behind.
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var key = instance + "stale";
        var past = DateTimeOffset.UtcNow.AddSeconds(-30).UtcTicks.ToString(CultureInfo.InvariantCulture);
        var sliding = TimeSpan.FromMinutes(10).Ticks.ToString(CultureInfo.InvariantCulture);
        await redis.RawAsync("HSET", key, "absexp", past, "sldexp", sliding, "data", Value);
        await redis.RawAsync("EXPIRE", key, 600);

        Assert.Null(await cache.GetAsync("stale", Ct));
        Assert.Equal(-2, await redis.PttlAsync(key));
    }

    [Fact]
    public async Task An_entry_with_only_data_reads_as_one_without_expiration()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        await redis.RawAsync("HSET", instance + "bare", "data", Value);

        Assert.Equal(Value, await cache.GetAsync("bare", Ct));
        await cache.RefreshAsync("bare", Ct);
        Assert.Equal(-1, await redis.PttlAsync(instance + "bare"));
    }

    public static TheoryData<string> Expirations => ["none", "relative", "absolute-utc", "absolute-offset", "sliding", "sliding-and-absolute"];

    [Theory]
    [MemberData(nameof(Expirations))]
    public async Task Entries_we_write_hold_exactly_Microsofts_fields_numbers_and_ttl(string expiration)
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var now = DateTimeOffset.UtcNow;
        var (options, absolute, sliding, ttl) = Options(expiration, now);

        await cache.SetAsync("entry", Value, options, Ct);

        var (fields, data) = await redis.EntryAsync(instance + "entry");
        Assert.Equal(["absexp", "data", "sldexp"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Value, data);
        Assert.Equal(Text(sliding?.Ticks ?? -1), fields["sldexp"]);
        if (absolute is { } expected)
        {
            // Computed from the cache's own clock reading, a moment after ours: compare within a second.
            var stored = long.Parse(fields["absexp"], CultureInfo.InvariantCulture);
            Assert.InRange(stored, expected.UtcTicks, expected.UtcTicks + TimeSpan.TicksPerSecond);
        }
        else
        {
            Assert.Equal("-1", fields["absexp"]);
        }

        var pttl = await redis.PttlAsync(instance + "entry");
        if (ttl is { } t)
        {
            Assert.InRange(pttl, (long)t.TotalMilliseconds - 5_000, (long)t.TotalMilliseconds);
        }
        else
        {
            Assert.Equal(-1, pttl);
        }
    }

    [Theory]
    [MemberData(nameof(Expirations))]
    public async Task Microsofts_reader_understands_entries_we_write(string expiration)
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var now = DateTimeOffset.UtcNow;
        var (options, absolute, sliding, _) = Options(expiration, now);
        await cache.SetAsync("entry", Value, options, Ct);

        var read = await MicrosoftRedisCacheModel.ReadAsync(redis, instance + "entry");

        Assert.Equal(Value, read.Data);
        Assert.Equal(sliding, read.Sliding);
        if (absolute is { } expected)
        {
            // The same instant, whatever offset it was given at: Microsoft's reader takes the ticks as UTC.
            Assert.NotNull(read.Absolute);
            Assert.InRange(read.Absolute.Value - expected, TimeSpan.Zero, TimeSpan.FromSeconds(1));
            Assert.Equal(TimeSpan.Zero, read.Absolute.Value.Offset);
        }
        else
        {
            Assert.Null(read.Absolute);
        }

        var refresh = MicrosoftRedisCacheModel.RefreshTtl(read.Absolute, read.Sliding, DateTimeOffset.UtcNow);
        if (sliding is { } s)
        {
            Assert.NotNull(refresh);
            Assert.True(refresh <= s, "Microsoft's refresh never gives more than the sliding window.");
            Assert.True(refresh > TimeSpan.Zero, "Microsoft's refresh must see an entry that has not expired.");
        }
        else
        {
            Assert.Null(refresh);
        }
    }

    [Fact]
    public async Task Microsofts_writer_skews_an_offset_absolute_expiration_that_we_store_in_utc()
    {
        await using var redis = await StandaloneAsync(servers);
        var (cache, instance) = Cache(redis);
        var inIndia = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5.5)).AddHours(1);
        var options = new DistributedCacheEntryOptions { AbsoluteExpiration = inIndia };

        await cache.SetAsync("ours", Value, options, Ct);
        await MicrosoftRedisCacheModel.SetAsync(redis, instance + "theirs", Value, options);

        var ours = await MicrosoftRedisCacheModel.ReadAsync(redis, instance + "ours");
        var theirs = await MicrosoftRedisCacheModel.ReadAsync(redis, instance + "theirs");
        Assert.Equal(inIndia, ours.Absolute);
        Assert.Equal(inIndia + TimeSpan.FromHours(5.5), theirs.Absolute);
        Assert.InRange(await redis.PttlAsync(instance + "ours"), 3_590_000, 3_600_000);
    }

    private static (RedisDistributedCache Cache, string Instance) Cache(RedisConnection redis)
    {
        var instance = NewInstance("interop");
        return (new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = instance }), instance);
    }

    private static (DistributedCacheEntryOptions Options, DateTimeOffset? Absolute, TimeSpan? Sliding, TimeSpan? Ttl) Options(string expiration, DateTimeOffset now)
    {
        var minutes = TimeSpan.FromMinutes(10);
        var atOffset = now.ToOffset(TimeSpan.FromHours(-7)) + minutes;
        return expiration switch
        {
            "none" => (new DistributedCacheEntryOptions(), null, null, null),
            "relative" => (new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = minutes }, now + minutes, null, minutes),
            "absolute-utc" => (new DistributedCacheEntryOptions { AbsoluteExpiration = now + minutes }, now + minutes, null, minutes),
            "absolute-offset" => (new DistributedCacheEntryOptions { AbsoluteExpiration = atOffset }, atOffset, null, minutes),
            "sliding" => (new DistributedCacheEntryOptions { SlidingExpiration = minutes }, null, minutes, minutes),
            "sliding-and-absolute" => (new DistributedCacheEntryOptions { SlidingExpiration = minutes, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(3) }, now + TimeSpan.FromMinutes(3), minutes, TimeSpan.FromMinutes(3)),
            _ => throw new ArgumentOutOfRangeException(nameof(expiration)),
        };
    }

    private static string Text(long number) => number.ToString(CultureInfo.InvariantCulture);
}
