using Adapters;
using Adapters.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
        if (provider.GetService<RedisConnection>() is { } shared)
        {
            return new RedisAuthInvalidationBus(shared, options);
        }

        var store = provider.GetService<IOptions<RedisAuthStateOptions>>()?.Value
            ?? throw new InvalidOperationException($"WithRedisInvalidation needs a {nameof(RedisConnection)} in the container or the options of AddAdaptersRedisAuthState.");
        if (store.ConnectionFactory is { } factory)
        {
            return new RedisAuthInvalidationBus(factory, ownsConnection: false, options);
        }

        var redis = store.ConfigurationOptions
            ?? (string.IsNullOrWhiteSpace(store.Configuration)
                ? throw new InvalidOperationException($"WithRedisInvalidation found no connection: set {nameof(RedisAuthStateOptions.Configuration)}, {nameof(RedisAuthStateOptions.ConfigurationOptions)} or {nameof(RedisAuthStateOptions.ConnectionFactory)}, or register a {nameof(RedisConnection)}.")
                : RedisOptions.Parse(store.Configuration));
        var loggers = provider.GetService<ILoggerFactory>();
        return new RedisAuthInvalidationBus(() => RedisConnection.ConnectAsync(redis, loggers), ownsConnection: true, options);
    }
}
