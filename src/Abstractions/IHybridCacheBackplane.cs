namespace Adapters;

/// <summary>
/// Carries L1 invalidations between the processes whose HybridCaches share one L2, so that a write or removal in one
/// process evicts the entry (or tag) from every other process's in-memory cache.
/// </summary>
/// <remarks>
/// Delivery is at-most-once and best effort: a transport that may have lost messages (a reconnect) tells every
/// handler so with <see cref="HybridCacheInvalidation.Everything"/> (origin <see langword="null"/>). Handlers also
/// receive their own process's messages and skip them by <see cref="HybridCacheInvalidation.Origin"/>.
/// </remarks>
public interface IHybridCacheBackplane
{
    /// <summary>Publishes <paramref name="invalidation"/> to every subscriber.</summary>
    /// <exception cref="StoreUnavailableException">The transport could not publish it.</exception>
    ValueTask PublishAsync(HybridCacheInvalidation invalidation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="handler"/> for every invalidation published from now on, until the returned handle is
    /// disposed. The handler runs on the transport's delivery thread: it must be quick and must not throw.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The transport could not subscribe.</exception>
    ValueTask<IAsyncDisposable> SubscribeAsync(Action<HybridCacheInvalidation> handler, CancellationToken cancellationToken = default);
}
