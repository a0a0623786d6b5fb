namespace Adapters;

/// <summary>
/// Carries "this part of an auth session changed" between the processes (or the caches of one process) that share an
/// <see cref="IAuthStateStore"/>, so that in-process caches of it evict what another writer replaced.
/// </summary>
/// <remarks>
/// Delivery is at-most-once and best effort: a transport that may have lost messages (a reconnect) tells every
/// handler so with <see cref="AuthStateInvalidation.Everything"/> (whose <see cref="AuthStateInvalidation.Origin"/> is
/// <see langword="null"/>), and caches then drop everything they hold. Handlers also receive the messages their own
/// process published; they skip their own by <see cref="AuthStateInvalidation.Origin"/>.
/// </remarks>
public interface IAuthStateInvalidationBus
{
    /// <summary>Publishes <paramref name="invalidation"/> to every subscriber.</summary>
    /// <exception cref="AuthStoreUnavailableException">The transport could not publish it.</exception>
    ValueTask PublishAsync(AuthStateInvalidation invalidation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="handler"/> for every invalidation published from now on, until the returned handle is
    /// disposed. The handler runs on the transport's delivery thread: it must be quick and must not throw.
    /// </summary>
    /// <exception cref="AuthStoreUnavailableException">The transport could not subscribe.</exception>
    ValueTask<IAsyncDisposable> SubscribeAsync(Action<AuthStateInvalidation> handler, CancellationToken cancellationToken = default);
}
