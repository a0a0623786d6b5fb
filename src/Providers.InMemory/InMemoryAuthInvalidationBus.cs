using Adapters.Internal;

namespace Adapters.InMemory;

/// <summary>
/// An <see cref="IAuthStateInvalidationBus"/> for the caches of one process: every publication is delivered to every
/// subscriber synchronously, before <see cref="PublishAsync"/> returns. Nothing is ever lost, so it never raises
/// <see cref="AuthStateInvalidation.Everything"/> by itself.
/// </summary>
public sealed class InMemoryAuthInvalidationBus : IAuthStateInvalidationBus
{
    private readonly SubscriberList<AuthStateInvalidation> _subscribers = new();

    /// <summary>The number of subscriptions.</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <inheritdoc />
    /// <exception cref="AggregateException">Handlers threw (every handler still got the message).</exception>
    public ValueTask PublishAsync(AuthStateInvalidation invalidation, CancellationToken cancellationToken = default)
        => _subscribers.PublishAsync(invalidation, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> SubscribeAsync(Action<AuthStateInvalidation> handler, CancellationToken cancellationToken = default)
        => _subscribers.SubscribeAsync(handler, cancellationToken);
}
