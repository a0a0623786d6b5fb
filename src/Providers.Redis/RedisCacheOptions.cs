using Microsoft.Extensions.Options;

namespace Adapters.Redis;

/// <summary>
/// Options of <see cref="RedisDistributedCache"/>, named after those of Microsoft's <c>RedisCacheOptions</c> so a
/// configuration for <c>AddStackExchangeRedisCache</c> carries over. Give one of <see cref="ConnectionFactory"/>,
/// <see cref="ConfigurationOptions"/> or <see cref="Configuration"/> (looked at in that order).
/// </summary>
public sealed class RedisCacheOptions : IOptions<RedisCacheOptions>
{
    /// <summary>A StackExchange.Redis-style configuration string (<c>host:port,password=…,ssl=true</c>).</summary>
    public string? Configuration { get; set; }

    /// <summary>Parsed connection options; preferred over <see cref="Configuration"/> when both are set.</summary>
    public RedisOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// Supplies the connection instead (Microsoft's <c>ConnectionMultiplexerFactory</c>): typically a
    /// <see cref="RedisConnection"/> shared with other providers. Called once, on first use; the cache does not
    /// dispose what it returns.
    /// </summary>
    public Func<Task<RedisConnection>>? ConnectionFactory { get; set; }

    /// <summary>A prefix of every key, so several applications can share one database (<c>InstanceName + key</c>).</summary>
    public string? InstanceName { get; set; }

    /// <summary>
    /// Whether a read that slides an expiration runs as a Lua script (one round trip, the default). Set false for
    /// servers where EVAL is disabled: such a read then takes two round trips, as with Microsoft's RedisCache, and the
    /// slide is computed from this machine's clock. Set is one atomic MULTI/EXEC either way.
    /// </summary>
    public bool UseScripts { get; set; } = true;

    /// <summary>Returns this instance, so the options can be passed where an <see cref="IOptions{TOptions}"/> is expected.</summary>
    RedisCacheOptions IOptions<RedisCacheOptions>.Value => this;
}
