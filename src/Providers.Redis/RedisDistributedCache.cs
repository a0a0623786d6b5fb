using Adapters.Redis.Caching;
using Adapters.Redis.Connection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Adapters.Redis;

/// <summary>
/// An <see cref="IDistributedCache"/> and <see cref="IBufferDistributedCache"/> on Redis that drops in for
/// Microsoft's <c>RedisCache</c> (<c>AddStackExchangeRedisCache</c>): entries use its layout byte for byte (a hash at
/// <c>InstanceName + key</c> with <c>absexp</c>, <c>sldexp</c> and <c>data</c>), so both read each other's entries.
/// Unlike it, a Set is atomic and replaces the previous TTL, a read that slides an expiration takes one round trip,
/// a read of an entry without sliding expiration costs the server no more than a raw HGET, TTLs are exact to the
/// millisecond, and absolute expirations are stored in UTC whatever their offset.
/// </summary>
public sealed partial class RedisDistributedCache : IDistributedCache, IBufferDistributedCache, IAsyncDisposable, IDisposable
{
    private readonly RedisCacheOptions _options;
    private readonly ICacheCommands _commands;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly LazyConnection _connection;

    /// <summary>Creates a cache that connects on first use, as configured by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">No connection is configured, or the configuration string is invalid.</exception>
    public RedisDistributedCache(IOptions<RedisCacheOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value ?? throw new ArgumentException("The options have no value.", nameof(options));
        _connection = new LazyConnection(this, nameof(RedisCacheOptions), _options.Configuration, _options.ConfigurationOptions, _options.ConnectionFactory, loggerFactory, nameof(options));
        _commands = CreateCommands(_options, _time);
    }

    /// <summary>Creates a cache on an existing connection, which stays the caller's to dispose.</summary>
    public RedisDistributedCache(RedisConnection connection, RedisCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = options ?? new RedisCacheOptions();
        _connection = new LazyConnection(this, connection);
        _commands = CreateCommands(_options, _time);
    }

    /// <summary>The prefix of every key (<see cref="RedisCacheOptions.InstanceName"/>), empty when none.</summary>
    public string InstanceName => _options.InstanceName ?? string.Empty;

    /// <summary>Closes the connection if the cache opened it; one from a factory or a constructor stays open.</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>Closes the connection if the cache opened it (for containers that dispose synchronously).</summary>
    public void Dispose() => SynchronousCall.Run(this, static cache => cache.DisposeAsync());

    /// <summary>The full Redis key of a cache key.</summary>
    internal string RedisKey(string key) => _options.InstanceName is { Length: > 0 } instance ? instance + key : key;

    /// <summary>The connection's executor, connecting on first use.</summary>
    internal ValueTask<IRedisExecutor> ExecutorAsync(CancellationToken cancellationToken) => _connection.ExecutorAsync(cancellationToken);

    private static ICacheCommands CreateCommands(RedisCacheOptions options, TimeProvider time)
        => options.UseScripts ? new ScriptCacheCommands() : new TransactionCacheCommands(time);
}
