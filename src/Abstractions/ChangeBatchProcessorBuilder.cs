using Adapters.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters;

/// <summary>Adds handlers to a change batch processor registered with <c>AddChangeBatchProcessor</c>.</summary>
/// <typeparam name="TKey">The key type of the map.</typeparam>
/// <typeparam name="TValue">The value type of the map.</typeparam>
public sealed class ChangeBatchProcessorBuilder<TKey, TValue>
    where TKey : notnull
{
    private readonly List<Func<IServiceProvider, IChangeBatchHandler<TKey, TValue>>> _handlers = [];

    internal ChangeBatchProcessorBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the processor is registered in.</summary>
    public IServiceCollection Services { get; }

    internal IReadOnlyList<Func<IServiceProvider, IChangeBatchHandler<TKey, TValue>>> HandlerFactories => _handlers;

    /// <summary>Adds a handler created from the container (constructor injection).</summary>
    public ChangeBatchProcessorBuilder<TKey, TValue> AddHandler<THandler>()
        where THandler : class, IChangeBatchHandler<TKey, TValue>
    {
        _handlers.Add(services => ActivatorUtilities.GetServiceOrCreateInstance<THandler>(services));
        return this;
    }

    /// <summary>Adds a delegate handler.</summary>
    public ChangeBatchProcessorBuilder<TKey, TValue> AddHandler(Func<ChangeBatch<TKey, TValue>, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(_ => new DelegateChangeBatchHandler<TKey, TValue>(handler));
        return this;
    }
}
