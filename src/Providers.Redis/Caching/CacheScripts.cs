using Adapters.Redis.Commands;

namespace Adapters.Redis.Caching;

/// <summary>
/// The Lua scripts of the distributed cache's reads that slide an expiration: each is one EVALSHA, atomic on the
/// server. KEYS[1] is the entry's hash. Writes need no script (see <see cref="CacheWrite"/>).
/// </summary>
internal static class CacheScripts
{
    /// <summary>
    /// Slides the TTL of the entry whose <c>absexp</c>/<c>sldexp</c> are in the local <c>entry</c>, from the server's
    /// clock: min(now + sliding, absexp). An entry whose absolute expiration has passed is removed, and the script
    /// returns <c>expired</c>; one that slid sets <c>slides</c> to 1. Ticks are .NET's (100 ns since 0001-01-01); TIME
    /// is turned into them through the Unix epoch in milliseconds. Lua numbers are doubles: ticks lose a few microseconds, milliseconds stay exact.
    /// </summary>
    private const string SlideBody = """
        local sliding = tonumber(entry[2])
        if sliding and sliding > 0 then
          local ttl = sliding / 10000
          local absolute = tonumber(entry[1])
          if absolute and absolute > 0 then
            if redis.replicate_commands then redis.replicate_commands() end
            local now = redis.call('TIME')
            local left = absolute / 10000 - (tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000 + 62135596800000)
            if left < ttl then ttl = left end
          end
          ttl = math.ceil(ttl)
          if ttl < 1 then
            redis.call('UNLINK', KEYS[1])
            return expired
          end
          redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
          slides = 1
        end
        """;

    /// <summary>
    /// Reads the entry and slides its expiration: nil when it is absent or expired, else <c>{data, slides, sldexp,
    /// absexp}</c> where slides is 1 when the entry has a sliding expiration (so the caller learns which read path fits
    /// it, and the window and absolute expiration that path needs).
    /// </summary>
    public static readonly RedisScript Get = new($$"""
        local entry = redis.call('HMGET', KEYS[1], 'absexp', 'sldexp', 'data')
        if not entry[3] then return false end
        local expired = false
        local slides = 0
        {{SlideBody}}
        return {entry[3], slides, entry[2], entry[1]}
        """);

    /// <summary>
    /// Sets the TTL an entry's own metadata calls for, after a read applied a guessed one: slides it (as
    /// <see cref="Refresh"/>), else expires it at its absolute expiration, else persists it. Returns as Refresh does.
    /// </summary>
    public static readonly RedisScript Repair = new($$"""
        local entry = redis.call('HMGET', KEYS[1], 'absexp', 'sldexp')
        if not entry[1] and not entry[2] and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local expired = -1
        local slides = 2
        {{SlideBody}}
        if slides == 2 then
          local absolute = tonumber(entry[1])
          if absolute and absolute > 0 then
            redis.call('PEXPIREAT', KEYS[1], string.format('%d', math.ceil(absolute / 10000 - 62135596800000)))
            if redis.call('EXISTS', KEYS[1]) == 0 then return expired end
          else
            redis.call('PERSIST', KEYS[1])
          end
        end
        return slides
        """);

    /// <summary>
    /// Slides the entry's expiration without reading its data: 1 when it slid, 2 when the entry has no sliding
    /// expiration, 0 when there is no entry, -1 when its absolute expiration had passed and it was removed.
    /// </summary>
    public static readonly RedisScript Refresh = new($$"""
        local entry = redis.call('HMGET', KEYS[1], 'absexp', 'sldexp')
        if not entry[1] and not entry[2] and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local expired = -1
        local slides = 2
        {{SlideBody}}
        return slides
        """);
}
