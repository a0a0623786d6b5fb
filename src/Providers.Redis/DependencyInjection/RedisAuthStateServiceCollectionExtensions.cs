using Adapters;
using Adapters.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis auth-state store.</summary>
public static class RedisAuthStateServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisAuthStateStore"/> as <see cref="IAuthStateStore"/> (the Redis counterpart of the
    /// in-memory store <c>AddAdaptersInMemory</c> registers). The store connects on first use (or takes the connection
    /// of <see cref="RedisAuthStateOptions.ConnectionFactory"/>, e.g. one shared with other providers) and closes the
    /// connection it opened with the container. Nothing is replaced when an <see cref="IAuthStateStore"/> is already registered.
    /// The returned builder adds decorators: <c>.WithCompression(codec)</c>, <c>.WithCaching()</c>, <c>.WithRedisInvalidation()</c>.
    /// </summary>
    public static AuthStateBuilder AddAdaptersRedisAuthState(this IServiceCollection services, Action<RedisAuthStateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions();
        services.Configure(configure);
        services.TryAddSingleton(provider => new RedisAuthStateStore(provider.GetRequiredService<IOptions<RedisAuthStateOptions>>(), provider.GetService<ILoggerFactory>()));
        var registration = ServiceDescriptor.Singleton<IAuthStateStore>(provider => provider.GetRequiredService<RedisAuthStateStore>());
        services.TryAdd(registration);
        return new AuthStateBuilder(services, services.Contains(registration) ? registration : null);
    }
}
