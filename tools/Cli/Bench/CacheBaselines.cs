using System.Buffers.Text;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;

namespace Adapters.Cli.Bench;

/// <summary>
/// The baselines of `adapters bench cache`, written on our own client so only the algorithm differs: a raw HGET of the
/// entry's data, Microsoft RedisCache's read with a sliding refresh (HMGET, then PEXPIRE computed on this machine:
/// two round trips), and its write (HSET and an expiry sent together, not atomic).
/// </summary>
internal static class CacheBaselines
{
    private static readonly RedisCommand HMGet = RedisCommand.Of("HMGET");
    private static readonly RedisCommand HSet = RedisCommand.Of("HSET");
    private static readonly RedisCommand PExpire = RedisCommand.Of("PEXPIRE");

    /// <summary>A raw <c>HGET key data</c>: the least any read of the entry can cost.</summary>
    public static async ValueTask HGetAsync(IRedisExecutor redis, string key, CancellationToken ct)
        => _ = await redis.HashGetAsync(key, "data", ct).ConfigureAwait(false) ?? throw Missing(key);

    /// <summary>Microsoft's Get: read the metadata and data, then slide the TTL in a second round trip.</summary>
    public static async ValueTask TwoRoundTripGetAsync(IRedisExecutor redis, string key, CancellationToken ct)
    {
        var fields = await redis.ExecuteAsync(HMGet, [key, "absexp", "sldexp", "data"], Replies.BulkArray, ct, keyIndex: 0).ConfigureAwait(false);
        if (fields[2] is null)
        {
            throw Missing(key);
        }

        var absolute = Ticks(fields[0]);
        var sliding = Ticks(fields[1]);
        if (sliding > 0)
        {
            var ttl = absolute > 0 ? Math.Min(sliding, absolute - DateTimeOffset.UtcNow.UtcTicks) : sliding;
            await redis.ExecuteAsync(PExpire, [key, Math.Max(1, ttl / TimeSpan.TicksPerMillisecond)], Replies.Flag, ct, keyIndex: 0).ConfigureAwait(false);
        }
    }

    /// <summary>Microsoft's Set: HSET of the three fields and the expiry, pipelined together (one round trip, two commands).</summary>
    public static async ValueTask HSetThenExpireAsync(IRedisExecutor redis, string key, byte[] value, TimeSpan ttl, CancellationToken ct)
    {
        var write = redis.ExecuteAsync(HSet, [key, "absexp", (DateTimeOffset.UtcNow + ttl).UtcTicks, "sldexp", -1L, "data", value], Replies.Integer, ct, keyIndex: 0);
        var expire = redis.ExecuteAsync(PExpire, [key, (long)ttl.TotalMilliseconds], Replies.Flag, ct, keyIndex: 0);
        await write.ConfigureAwait(false);
        await expire.ConfigureAwait(false);
    }

    private static long Ticks(byte[]? field) => field is not null && Utf8Parser.TryParse(field, out long ticks, out _) ? ticks : -1;

    private static InvalidOperationException Missing(string key) => new($"The benchmark entry {key} is missing: was the server flushed during the run?");
}
