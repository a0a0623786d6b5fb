using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Connection;

/// <summary>How a pub/sub bus registered in a container finds its connection.</summary>
internal static class ContainerConnection
{
    /// <summary>
    /// The container's <see cref="RedisConnection"/> when one is registered; else the connection the store's options
    /// (<paramref name="optionsName"/>, named with the registering method <paramref name="registration"/> in the error)
    /// describe: their factory (not owned), or their parsed options or configuration string, opened on first use and owned.
    /// </summary>
    /// <exception cref="InvalidOperationException">None of these is there.</exception>
    public static (Func<Task<RedisConnection>> Connect, bool Owned) Find(
        IServiceProvider provider,
        string registration,
        string optionsName,
        Func<Task<RedisConnection>>? factory,
        RedisOptions? options,
        string? configuration)
    {
        if (provider.GetService<RedisConnection>() is { } shared)
        {
            return (ResyncingChannel.Shared(shared), false);
        }

        if (factory is not null)
        {
            return (factory, false);
        }

        var redis = options
            ?? (string.IsNullOrWhiteSpace(configuration)
                ? throw new InvalidOperationException($"{registration} found no connection: register a {nameof(RedisConnection)}, or set {optionsName}.Configuration, .ConfigurationOptions or .ConnectionFactory.")
                : RedisOptions.Parse(configuration));
        var loggers = provider.GetService<ILoggerFactory>();
        return (() => RedisConnection.ConnectAsync(redis, loggers), true);
    }
}
