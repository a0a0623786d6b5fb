using Adapters;
using Adapters.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory auth-state store, the caching decorator and the in-process invalidation bus.</summary>
public static class AuthStateCachingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="InMemoryAuthStateStore"/> as <see cref="IAuthStateStore"/> (unless a store is registered
    /// already) and returns the builder that adds decorators to it.
    /// </summary>
    public static AuthStateBuilder AddAdaptersInMemoryAuthState(this IServiceCollection services, Action<InMemoryAuthStateStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new InMemoryAuthStateStoreOptions();
        configure?.Invoke(options);
        var registration = ServiceDescriptor.Singleton<IAuthStateStore>(_ => new InMemoryAuthStateStore(options));
        services.TryAdd(registration);
        return new AuthStateBuilder(services, services.Contains(registration) ? registration : null);
    }

    /// <summary>
    /// Registers <see cref="InMemoryAuthInvalidationBus"/> as <see cref="IAuthStateInvalidationBus"/> (unless one is
    /// registered already): the caches of one container then invalidate each other.
    /// </summary>
    public static IServiceCollection AddAdaptersInMemoryAuthInvalidation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IAuthStateInvalidationBus, InMemoryAuthInvalidationBus>();
        return services;
    }

    /// <summary>
    /// Puts a <see cref="CachingAuthStateStore"/> in front of the store registered so far (and the decorators added
    /// before this call). It runs on the container's <see cref="TimeProvider"/> and, when one is registered, announces
    /// and receives invalidations on the container's <see cref="IAuthStateInvalidationBus"/>; <paramref name="configure"/>
    /// may override both.
    /// </summary>
    /// <exception cref="ArgumentException">An option is unusable (thrown when the store is first resolved).</exception>
    public static AuthStateBuilder WithCaching(this AuthStateBuilder builder, Action<CachingAuthStateStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Decorate((provider, inner) =>
        {
            var options = new CachingAuthStateStoreOptions
            {
                TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
                InvalidationBus = provider.GetService<IAuthStateInvalidationBus>(),
            };
            configure?.Invoke(options);
            return CachingAuthStateStore.Create(inner, options);
        });
    }
}
