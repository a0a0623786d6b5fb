using Adapters.Redis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis distributed cache.</summary>
public static class RedisCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisDistributedCache"/> as <see cref="IDistributedCache"/>, the drop-in for
    /// <c>AddStackExchangeRedisCache</c>: same options (<c>Configuration</c>, <c>InstanceName</c>, a connection factory)
    /// and the same entry layout. The connection opens on first use, is shared by every caller, and closes with the
    /// container. Nothing is replaced when an <see cref="IDistributedCache"/> is already registered.
    /// </summary>
    public static RedisCacheBuilder AddAdaptersRedisCache(this IServiceCollection services, Action<RedisCacheOptions> setupAction)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(setupAction);
        services.AddOptions();
        services.Configure(setupAction);
        services.TryAddSingleton(provider => new RedisDistributedCache(provider.GetRequiredService<IOptions<RedisCacheOptions>>(), provider.GetService<ILoggerFactory>()));
        var registration = ServiceDescriptor.Singleton<IDistributedCache>(provider => provider.GetRequiredService<RedisDistributedCache>());
        services.TryAdd(registration);
        return new RedisCacheBuilder(services, services.Contains(registration) ? registration : null);
    }
}
