using Adapters;
using Adapters.Redis;
using Adapters.Redis.Connection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis invalidation bus of auth-state caches.</summary>
public static class RedisAuthInvalidationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisAuthInvalidationBus"/> as <see cref="IAuthStateInvalidationBus"/> (unless a bus is
    /// registered already), so the caches <c>WithCaching</c> adds invalidate each other across processes. Its connection
    /// is the container's <see cref="RedisConnection"/> when one is registered, else the auth store's
    /// (<see cref="RedisAuthStateOptions.ConnectionFactory"/>), else a connection of its own opened with the store's
    /// configuration on first use and closed with the container.
    /// </summary>
    public static AuthStateBuilder WithRedisInvalidation(this AuthStateBuilder builder, Action<RedisAuthInvalidationBusOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = Options(configure);
        builder.Services.TryAddSingleton<IAuthStateInvalidationBus>(provider => Create(provider, options));
        return builder;
    }

    /// <summary>
    /// Registers <see cref="RedisAuthInvalidationBus"/> as <see cref="IAuthStateInvalidationBus"/> (unless a bus is
    /// registered already) on the connection <paramref name="connection"/> returns, which the bus does not dispose.
    /// </summary>
    public static AuthStateBuilder WithRedisInvalidation(this AuthStateBuilder builder, Func<IServiceProvider, RedisConnection> connection, Action<RedisAuthInvalidationBusOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        var options = Options(configure);
        builder.Services.TryAddSingleton<IAuthStateInvalidationBus>(provider => new RedisAuthInvalidationBus(
            connection(provider) ?? throw new InvalidOperationException("The connection factory of WithRedisInvalidation returned null."),
            options));
        return builder;
    }

    private static RedisAuthInvalidationBusOptions Options(Action<RedisAuthInvalidationBusOptions>? configure)
    {
        var options = new RedisAuthInvalidationBusOptions();
        configure?.Invoke(options);
        options.Validate();
        return options;
    }

    private static RedisAuthInvalidationBus Create(IServiceProvider provider, RedisAuthInvalidationBusOptions options)
    {
        var store = provider.GetService<IOptions<RedisAuthStateOptions>>()?.Value;
        var (connect, owned) = ContainerConnection.Find(
            provider, "WithRedisInvalidation", nameof(RedisAuthStateOptions), store?.ConnectionFactory, store?.ConfigurationOptions, store?.Configuration);
        return new RedisAuthInvalidationBus(connect, owned, options);
    }
}
