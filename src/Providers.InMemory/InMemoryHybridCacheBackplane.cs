using Adapters.Internal;

namespace Adapters.InMemory;

/// <summary>
/// An <see cref="IHybridCacheBackplane"/> for the HybridCaches of one process (tests, or several caches sharing one
/// in-memory L2): every publication is delivered to every subscriber synchronously, before <see cref="PublishAsync"/>
/// returns. Nothing is ever lost, so it never raises <see cref="HybridCacheInvalidation.Everything"/> by itself.
/// </summary>
public sealed class InMemoryHybridCacheBackplane : IHybridCacheBackplane
{
    private readonly SubscriberList<HybridCacheInvalidation> _subscribers = new();

    /// <summary>The number of subscriptions.</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <inheritdoc />
    /// <exception cref="AggregateException">Handlers threw (every handler still got the message).</exception>
    public ValueTask PublishAsync(HybridCacheInvalidation invalidation, CancellationToken cancellationToken = default)
        => _subscribers.PublishAsync(invalidation, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> SubscribeAsync(Action<HybridCacheInvalidation> handler, CancellationToken cancellationToken = default)
        => _subscribers.SubscribeAsync(handler, cancellationToken);
}
