using Adapters.InMemory.Internal;

namespace Adapters.InMemory;

public partial class CachingAuthStateStore
{
    // Nothing is cached before the subscription is confirmed, so no entry can miss an invalidation sent before it.
    private ValueTask EnsureListeningAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _listening ? ValueTask.CompletedTask : SubscribeOnceAsync(cancellationToken);
    }

    private async ValueTask SubscribeOnceAsync(CancellationToken cancellationToken)
    {
        Task subscribing;
        lock (_gate)
        {
            subscribing = _subscribing ??= SubscribeAsync();
        }

        try
        {
            await subscribing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (subscribing.IsFaulted)
        {
            // The next operation tries again rather than every later one failing for good.
            lock (_gate)
            {
                if (ReferenceEquals(_subscribing, subscribing))
                {
                    _subscribing = null;
                }
            }

            throw;
        }
    }

    private async Task SubscribeAsync()
    {
        var subscription = await _options.InvalidationBus!.SubscribeAsync(OnInvalidation, CancellationToken.None).ConfigureAwait(false);
        if (_disposed)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            return;
        }

        _subscription = subscription;
        _listening = true;
    }

    private void OnInvalidation(AuthStateInvalidation invalidation)
    {
        if (invalidation.Origin != InstanceId)
        {
            ApplyInvalidation(invalidation, remote: true);
        }
    }

    private void ApplyInvalidation(AuthStateInvalidation invalidation, bool remote)
    {
        lock (_gate)
        {
            if (remote)
            {
                _remoteInvalidations++;
            }

            if (invalidation.IsEverything)
            {
                _index.Flush();
            }
            else if (_index.Find(invalidation.SessionId!) is { } session)
            {
                InvalidateLocked(session, invalidation);
                _index.DropIfIdle(session);
            }
        }
    }

    /// <summary>
    /// Drops what <paramref name="invalidation"/> covers, stops new readers from joining fetches that may have read it,
    /// and moves the session's epoch so fetches and writes under way do not fill it back in.
    /// </summary>
    private void InvalidateLocked(AuthCacheSession session, AuthStateInvalidation invalidation)
    {
        session.Epoch++;
        _changes++;
        if (invalidation.Credentials)
        {
            _index.RemoveCredentials(session);
            session.CredentialsInFlight = null;
        }

        if (invalidation.AllKeys)
        {
            _index.RemoveAllKeys(session);
            session.KeysInFlight.Clear();
            return;
        }

        foreach (var (type, ids) in invalidation.Keys)
        {
            _index.RemoveKeys(session, type, ids);
            foreach (var id in ids)
            {
                session.KeysInFlight.Remove((type, id));
            }
        }
    }

    /// <summary>Announces a successful write; a write other caches do not hear of would leave them stale, so failing to announce it fails the call.</summary>
    private async ValueTask PublishAsync(AuthStateInvalidation invalidation)
    {
        if (_options.InvalidationBus is not { } bus)
        {
            return;
        }

        try
        {
            // Not the caller's token: the write is done, and the others must hear of it.
            await bus.PublishAsync(invalidation, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not AuthStoreUnavailableException)
        {
            throw new AuthStoreUnavailableException("The write was stored but could not be announced to the other caches of the store; retry it (writes are idempotent).", ex)
            {
                SessionId = invalidation.SessionId,
                Operation = "publish invalidation",
            };
        }
    }

    /// <summary>
    /// Announces a write that failed in a way that may still have applied it (a timeout, a lost connection), so other
    /// caches do not keep a value it replaced. Returns the exception to throw: the write's own, or, when announcing
    /// failed too, one carrying both (still an <see cref="AuthStoreUnavailableException"/>, so a retry follows).
    /// </summary>
    private async ValueTask<Exception> AnnounceFailedWriteAsync(AuthStateInvalidation invalidation, Exception failure)
    {
        if (_options.InvalidationBus is not { } bus || failure is not (StoreUnavailableException or TimeoutException or IOException))
        {
            return failure;
        }

        try
        {
            await bus.PublishAsync(invalidation, CancellationToken.None).ConfigureAwait(false);
            return failure;
        }
        catch (Exception ex)
        {
            return new AuthStoreUnavailableException(
                "The write failed, and announcing that it may have been applied failed too: other caches may keep the old value until it expires or the write is retried.",
                new AggregateException(failure, ex))
            {
                SessionId = invalidation.SessionId,
                Operation = "write",
            };
        }
    }
}
