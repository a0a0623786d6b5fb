using Adapters;
using Adapters.Redis;
using Adapters.Redis.Connection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis backplane of HybridCaches.</summary>
public static class RedisHybridBackplaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisHybridCacheBackplane"/> as <see cref="IHybridCacheBackplane"/> (unless a backplane is
    /// registered already), so HybridCaches in different processes evict each other's L1 entries. Its connection is the
    /// container's <see cref="RedisConnection"/> when one is registered, else the distributed cache's
    /// (<see cref="RedisCacheOptions.ConnectionFactory"/>), else a connection of its own opened with the cache's
    /// configuration on first use and closed with the container.
    /// </summary>
    /// <exception cref="ArgumentException">An option is unusable (the exception names it).</exception>
    public static IServiceCollection AddAdaptersRedisHybridBackplane(this IServiceCollection services, Action<RedisHybridCacheBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = Options(configure);
        services.TryAddSingleton<IHybridCacheBackplane>(provider => Create(provider, options));
        return services;
    }

    /// <summary>
    /// Registers <see cref="RedisHybridCacheBackplane"/> as <see cref="IHybridCacheBackplane"/> (unless a backplane is
    /// registered already) on the connection <paramref name="connection"/> returns, which the backplane does not dispose.
    /// </summary>
    /// <exception cref="ArgumentException">An option is unusable (the exception names it).</exception>
    public static IServiceCollection AddAdaptersRedisHybridBackplane(this IServiceCollection services, Func<IServiceProvider, RedisConnection> connection, Action<RedisHybridCacheBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        var options = Options(configure);
        services.TryAddSingleton<IHybridCacheBackplane>(provider => new RedisHybridCacheBackplane(
            connection(provider) ?? throw new InvalidOperationException("The connection factory of AddAdaptersRedisHybridBackplane returned null."),
            options));
        return services;
    }

    // Validated at registration, so a bad channel fails where it is configured rather than at first resolution.
    private static RedisHybridCacheBackplaneOptions Options(Action<RedisHybridCacheBackplaneOptions>? configure)
    {
        var options = new RedisHybridCacheBackplaneOptions();
        configure?.Invoke(options);
        options.Validate();
        return options;
    }

    private static RedisHybridCacheBackplane Create(IServiceProvider provider, RedisHybridCacheBackplaneOptions options)
    {
        var cache = provider.GetService<IOptions<RedisCacheOptions>>()?.Value;
        var (connect, owned) = ContainerConnection.Find(
            provider, "AddAdaptersRedisHybridBackplane", nameof(RedisCacheOptions), cache?.ConnectionFactory, cache?.ConfigurationOptions, cache?.Configuration);
        return new RedisHybridCacheBackplane(connect, owned, options);
    }
}
