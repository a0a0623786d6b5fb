using Adapters;
using Adapters.InMemory;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory providers.</summary>
public static class InMemoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="InMemoryMapStore"/> as <see cref="IChangeTrackingMapFactory"/> and
    /// <see cref="InMemoryAuthStateStore"/> as <see cref="IAuthStateStore"/>, on the container's
    /// <see cref="TimeProvider"/> when it has one.
    /// </summary>
    public static IServiceCollection AddAdaptersInMemory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new InMemoryMapStore(provider.GetService<TimeProvider>(), provider.GetService<Logging.ILoggerFactory>()));
        services.TryAddSingleton<IChangeTrackingMapFactory>(provider => provider.GetRequiredService<InMemoryMapStore>());
        services.TryAddSingleton<IAuthStateStore>(_ => new InMemoryAuthStateStore());
        return services;
    }

    /// <summary>
    /// Registers <see cref="InMemoryDistributedCache"/> as <see cref="IDistributedCache"/> (the drop-in for
    /// <c>AddDistributedMemoryCache</c>, without its aliasing of stored arrays).
    /// </summary>
    public static IServiceCollection AddAdaptersMemoryCache(this IServiceCollection services, Action<InMemoryDistributedCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
        {
            var options = new InMemoryDistributedCacheOptions { TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System };
            configure?.Invoke(options);
            return new InMemoryDistributedCache(options);
        });
        services.TryAddSingleton<IDistributedCache>(provider => provider.GetRequiredService<InMemoryDistributedCache>());
        return services;
    }
}
