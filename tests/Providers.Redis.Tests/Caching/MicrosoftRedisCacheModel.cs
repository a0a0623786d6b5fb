using System.Globalization;
using System.Text;
using Adapters.Redis.Commands;
using Microsoft.Extensions.Caching.Distributed;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary>
/// What Microsoft's <c>RedisCache</c> (Microsoft.Extensions.Caching.StackExchangeRedis, dotnet/aspnetcore
/// src/Caching/StackExchangeRedis/src/RedisCache.cs) sends to Redis and how it reads the replies, replayed on our raw
/// client: StackExchange.Redis cannot be restored here, so the interop tests speak its commands instead.
/// <list type="bullet">
/// <item>Set: <c>HSET key absexp A sldexp S data V</c>, where A is <see cref="DateTimeOffset.Ticks"/> of the absolute
/// expiration (the clock time at the value's own offset) and S the sliding expiration's ticks, each -1 when not set
/// (a relative expiration becomes <c>UtcNow + relative</c>); then, only when there is an expiration, <c>EXPIRE key
/// T</c> with T the whole seconds of min(absolute - now, sliding), sent alongside (a pipeline, not a transaction). An
/// entry without expiration keeps whatever TTL the key had.</item>
/// <item>Read: <c>HMGET key absexp sldexp data</c>; each number parsed as a 64-bit integer, -1 or missing meaning
/// "not set", the absolute expiration taken as UTC ticks (<c>new DateTimeOffset(ticks, TimeSpan.Zero)</c>).</item>
/// <item>Sliding refresh (after a read that found a sliding expiration): <c>PEXPIRE</c> (or EXPIRE) of
/// min(absolute - now, sliding).</item>
/// </list>
/// </summary>
internal static class MicrosoftRedisCacheModel
{
    public const long NotPresent = -1;

    /// <summary>Writes an entry exactly as Microsoft's Set does.</summary>
    public static async Task SetAsync(RedisConnection redis, string redisKey, byte[] value, DistributedCacheEntryOptions options)
    {
        var now = DateTimeOffset.UtcNow;
        var absolute = options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : options.AbsoluteExpiration;
        var sliding = options.SlidingExpiration;
        await redis.RawAsync(
            "HSET",
            redisKey,
            "absexp",
            Text(absolute?.Ticks ?? NotPresent),
            "sldexp",
            Text(sliding?.Ticks ?? NotPresent),
            "data",
            value);

        long? seconds = (absolute, sliding) switch
        {
            ({ } a, { } s) => (long)Math.Min((a - now).TotalSeconds, s.TotalSeconds),
            ({ } a, null) => (long)(a - now).TotalSeconds,
            (null, { } s) => (long)s.TotalSeconds,
            _ => null,
        };
        if (seconds is { } ttl)
        {
            await redis.RawAsync("EXPIRE", redisKey, ttl);
        }
    }

    /// <summary>Reads an entry as Microsoft's Get does, before its refresh.</summary>
    public static async Task<(byte[]? Data, DateTimeOffset? Absolute, TimeSpan? Sliding)> ReadAsync(RedisConnection redis, string redisKey)
    {
        var fields = await redis.Executor.HashGetManyAsync(redisKey, ["absexp", "sldexp", "data"], Ct).Bounded();
        var absolute = Number(fields[0]);
        var sliding = Number(fields[1]);
        return (
            fields[2],
            absolute is { } a and not NotPresent ? new DateTimeOffset(a, TimeSpan.Zero) : null,
            sliding is { } s and not NotPresent ? new TimeSpan(s) : null);
    }

    /// <summary>The TTL Microsoft's refresh gives an entry read at <paramref name="now"/>: null when it has no sliding expiration.</summary>
    public static TimeSpan? RefreshTtl(DateTimeOffset? absolute, TimeSpan? sliding, DateTimeOffset now)
        => sliding is not { } s ? null : absolute is { } a && a - now <= s ? a - now : s;

    private static string Text(long number) => number.ToString(CultureInfo.InvariantCulture);

    // StackExchange.Redis turns a RedisValue into a long by parsing its text as an integer; anything else throws.
    private static long? Number(byte[]? field) => field is null ? null : long.Parse(Encoding.ASCII.GetString(field), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
