using Adapters;
using Adapters.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis change-tracking maps.</summary>
public static class RedisMapServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisMapStore"/> as <see cref="IChangeTrackingMapFactory"/> over the connection
    /// <paramref name="connection"/> returns (usually a <see cref="RedisConnection"/> singleton the application opened
    /// at startup), so <c>AddChangeBatchProcessor</c> runs handlers on Redis maps.
    /// </summary>
    public static IServiceCollection AddAdaptersRedisMaps(this IServiceCollection services, Func<IServiceProvider, RedisConnection> connection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        services.TryAddSingleton(provider => new RedisMapStore(
            connection(provider) ?? throw new InvalidOperationException("The connection factory of AddAdaptersRedisMaps returned null."),
            provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IChangeTrackingMapFactory>(provider => provider.GetRequiredService<RedisMapStore>());
        return services;
    }
}
