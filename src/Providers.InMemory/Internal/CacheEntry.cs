using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.InMemory.Internal;

/// <summary>One entry of the in-memory distributed cache; expirations are UTC ticks.</summary>
internal sealed class CacheEntry
{
    private readonly long _absoluteExpiration;
    private readonly long _sliding;
    private long _expiresAt;

    private CacheEntry(byte[] value, long absoluteExpiration, long sliding, long now)
    {
        Value = value;
        _absoluteExpiration = absoluteExpiration;
        _sliding = sliding;
        _expiresAt = ExpiryFrom(now);
    }

    /// <summary>The stored bytes: owned by the entry, never handed out (callers get copies).</summary>
    public byte[] Value { get; }

    /// <summary>
    /// Creates an entry with the expirations of <paramref name="options"/>, validated as Microsoft's RedisCache does:
    /// a relative expiration wins over an absolute one, and an absolute one must lie in the future.
    /// </summary>
    public static CacheEntry Create(byte[] value, DistributedCacheEntryOptions options, DateTimeOffset now)
    {
        if (options.AbsoluteExpiration is { } absolute && absolute <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(DistributedCacheEntryOptions.AbsoluteExpiration), absolute, "The absolute expiration value must be in the future.");
        }

        var absoluteTicks = options.AbsoluteExpirationRelativeToNow is { } relative
            ? (now + relative).UtcTicks
            : options.AbsoluteExpiration?.UtcTicks ?? long.MaxValue;
        return new CacheEntry(value, absoluteTicks, options.SlidingExpiration?.Ticks ?? 0, now.UtcTicks);
    }

    public bool IsExpired(long now) => Volatile.Read(ref _expiresAt) <= now;

    /// <summary>Slides the expiration from <paramref name="now"/>, never past the absolute expiration.</summary>
    public void Touch(long now)
    {
        if (_sliding != 0)
        {
            Volatile.Write(ref _expiresAt, ExpiryFrom(now));
        }
    }

    private long ExpiryFrom(long now)
        => _sliding == 0 ? _absoluteExpiration : Math.Min(_absoluteExpiration, now + _sliding);
}
