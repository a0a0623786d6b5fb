using Adapters.Hybrid;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AdaptersHybridCache"/> as the application's <see cref="HybridCache"/>.</summary>
public static class HybridCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="AdaptersHybridCache"/> as <see cref="HybridCache"/> (the drop-in for <c>AddHybridCache</c>),
    /// over the registered <c>IDistributedCache</c> and <see cref="Adapters.IHybridCacheBackplane"/> when there are.
    /// </summary>
    public static AdaptersHybridCacheBuilder AddAdaptersHybridCache(this IServiceCollection services, Action<AdaptersHybridCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(provider => new AdaptersHybridCache(provider.GetRequiredService<IOptions<AdaptersHybridCacheOptions>>().Value, provider));
        services.TryAddSingleton<HybridCache>(provider => provider.GetRequiredService<AdaptersHybridCache>());
        return new AdaptersHybridCacheBuilder(services, Options.Options.DefaultName);
    }

    /// <summary>
    /// Registers a further <see cref="HybridCache"/> under <paramref name="serviceKey"/> (inject it with
    /// <c>[FromKeyedServices]</c>), with its own options, L1 and, through
    /// <see cref="AdaptersHybridCacheOptions.DistributedCacheServiceKey"/>, its own L2 if wanted.
    /// </summary>
    /// <exception cref="ArgumentException">The service key's text is empty (it names the options).</exception>
    public static AdaptersHybridCacheBuilder AddKeyedAdaptersHybridCache(this IServiceCollection services, object serviceKey, Action<AdaptersHybridCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        var name = serviceKey.ToString();
        ArgumentException.ThrowIfNullOrEmpty(name, nameof(serviceKey));
        services.AddOptions();
        if (configure is not null)
        {
            services.Configure(name, configure);
        }

        services.TryAddKeyedSingleton(serviceKey, (provider, _) => new AdaptersHybridCache(provider.GetRequiredService<IOptionsMonitor<AdaptersHybridCacheOptions>>().Get(name), provider));
        services.TryAddKeyedSingleton<HybridCache>(serviceKey, (provider, key) => provider.GetRequiredKeyedService<AdaptersHybridCache>(key));
        return new AdaptersHybridCacheBuilder(services, name);
    }
}
