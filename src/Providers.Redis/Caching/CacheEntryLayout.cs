using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Redis.Caching;

/// <summary>
/// The entry layout of Microsoft's RedisCache (Microsoft.Extensions.Caching.StackExchangeRedis), byte for byte: one
/// hash per entry at <c>InstanceName + key</c> with <c>absexp</c> (absolute expiration, .NET ticks, or -1),
/// <c>sldexp</c> (sliding expiration, ticks, or -1) and <c>data</c>; numbers as decimal text.
/// </summary>
internal static class CacheEntryLayout
{
    public const string AbsoluteField = "absexp";
    public const string SlidingField = "sldexp";
    public const string DataField = "data";

    public static ReadOnlySpan<byte> AbsoluteFieldUtf8 => "absexp"u8;

    public static ReadOnlySpan<byte> SlidingFieldUtf8 => "sldexp"u8;

    public static ReadOnlySpan<byte> DataFieldUtf8 => "data"u8;

    /// <summary>What the metadata fields hold when an expiration is not set.</summary>
    public const long NotPresent = -1;

    /// <summary>Stands for metadata a read did not fetch (it cannot be stored: ticks are never negative but -1).</summary>
    public const long Unknown = long.MinValue;

    /// <summary><see cref="DateTimeOffset.UnixEpoch"/> in milliseconds since 0001-01-01, to turn the server's TIME into tick time.</summary>
    public const long UnixEpochMilliseconds = 62_135_596_800_000;

    /// <summary>
    /// The TTL, in milliseconds, a read of an entry with a sliding expiration gives it at <paramref name="nowUtcTicks"/>:
    /// the sliding window, capped by the absolute expiration. Null without a sliding expiration (a read changes
    /// nothing); zero or less when the absolute expiration has passed.
    /// </summary>
    public static long? SlidingTtl(long absoluteTicks, long slidingTicks, long nowUtcTicks)
    {
        if (slidingTicks <= 0)
        {
            return null;
        }

        var ttl = slidingTicks;
        if (absoluteTicks > 0)
        {
            ttl = Math.Min(ttl, absoluteTicks - nowUtcTicks);
        }

        return ttl <= 0 ? 0 : CeilingMilliseconds(ttl);
    }

    /// <summary>Ticks rounded up to whole milliseconds: an entry never expires before its time.</summary>
    public static long CeilingMilliseconds(long ticks) => (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
}

/// <summary>
/// The expiration of an entry being written: the metadata fields and the key's TTL, computed as Microsoft's RedisCache
/// does (a relative expiration wins over an absolute one; an absolute one in the past is refused with its message),
/// except that the absolute expiration is stored in UTC ticks whatever its offset, and the TTL in milliseconds.
/// </summary>
internal readonly record struct CacheExpiration(long AbsoluteTicks, long SlidingTicks, long TtlMilliseconds)
{
    /// <summary>No expiration: the fields hold -1 and the key gets no TTL.</summary>
    public bool IsPersistent => TtlMilliseconds == CacheEntryLayout.NotPresent;

    /// <exception cref="ArgumentOutOfRangeException">The absolute expiration is not in the future.</exception>
    public static CacheExpiration From(DistributedCacheEntryOptions options, DateTimeOffset now)
    {
        if (options.AbsoluteExpiration is { } requested && requested <= now)
        {
            // Microsoft's parameter name and message (its conformance is pinned); the value itself stays out of it.
#pragma warning disable CA2208 // The parameter is the option's property, as in Microsoft's RedisCache.
            throw new ArgumentOutOfRangeException(nameof(DistributedCacheEntryOptions.AbsoluteExpiration), "The absolute expiration value must be in the future.");
#pragma warning restore CA2208
        }

        var absolute = options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : options.AbsoluteExpiration;
        var sliding = options.SlidingExpiration;
        TimeSpan? ttl = (absolute, sliding) switch
        {
            ({ } a, { } s) => a - now < s ? a - now : s,
            ({ } a, null) => a - now,
            (null, { } s) => s,
            _ => null,
        };

        // Microsoft stores DateTimeOffset.Ticks, the clock time at the value's own offset, and reads it back as UTC:
        // an expiration given at +02:00 lands two hours late. UtcTicks is what every reader (its own included) expects.
        return new CacheExpiration(
            absolute?.UtcTicks ?? CacheEntryLayout.NotPresent,
            sliding?.Ticks ?? CacheEntryLayout.NotPresent,
            ttl is { } t ? Math.Max(1, CacheEntryLayout.CeilingMilliseconds(t.Ticks)) : CacheEntryLayout.NotPresent);
    }
}
