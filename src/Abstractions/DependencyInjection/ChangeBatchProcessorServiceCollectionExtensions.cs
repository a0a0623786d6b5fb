using Adapters;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ChangeBatchProcessor{TKey, TValue}"/> hosted services.</summary>
public static class ChangeBatchProcessorServiceCollectionExtensions
{
    /// <summary>
    /// Registers a hosted processor for the change feed <paramref name="feed"/> returns; add its handlers on the
    /// returned builder. Each call registers one more processor (one per map and group).
    /// </summary>
    public static ChangeBatchProcessorBuilder<TKey, TValue> AddChangeBatchProcessor<TKey, TValue>(
        this IServiceCollection services,
        Func<IServiceProvider, IChangeFeed<TKey, TValue>> feed,
        Action<ChangeBatchProcessorOptions>? configure = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(feed);

        var options = new ChangeBatchProcessorOptions();
        configure?.Invoke(options);
        options.Validate();

        var builder = new ChangeBatchProcessorBuilder<TKey, TValue>(services);

        // Not TryAdd: several processors (maps, groups) of the same types are legitimate, each its own hosted service.
        services.AddSingleton<IHostedService>(provider => new ChangeBatchProcessor<TKey, TValue>(
            feed(provider),
            builder.HandlerFactories.Select(create => create(provider)),
            options,
            provider.GetService<ILogger<ChangeBatchProcessor<TKey, TValue>>>(),
            provider.GetService<TimeProvider>()));
        return builder;
    }
}
