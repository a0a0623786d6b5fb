using Adapters;
using Adapters.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-process HybridCache backplane.</summary>
public static class InMemoryHybridBackplaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="InMemoryHybridCacheBackplane"/> as <see cref="IHybridCacheBackplane"/> (unless a
    /// backplane is registered already): the HybridCaches of one container then evict each other's L1 entries.
    /// </summary>
    public static IServiceCollection AddAdaptersMemoryHybridBackplane(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<InMemoryHybridCacheBackplane>();
        services.TryAddSingleton<IHybridCacheBackplane>(provider => provider.GetRequiredService<InMemoryHybridCacheBackplane>());
        return services;
    }
}
