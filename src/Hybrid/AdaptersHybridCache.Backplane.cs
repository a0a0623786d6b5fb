using Adapters.Hybrid.Internal;

namespace Adapters.Hybrid;

/// <summary>Keeping the L1 in step with other nodes through the <see cref="IHybridCacheBackplane"/>.</summary>
public sealed partial class AdaptersHybridCache
{
    /// <summary>
    /// Whether entries may go into L1: with a backplane only while subscribed, since an entry cached while this node
    /// cannot hear invalidations could stay stale for its whole lifetime.
    /// </summary>
    private bool CanCacheLocally => _backplane is null || _subscribed;

    /// <summary>How long after a failed subscription the next operation tries again.</summary>
    private static TimeSpan SubscribeRetryDelay => TimeSpan.FromSeconds(5);

    private ValueTask EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        if (_backplane is null || _subscribed)
        {
            return ValueTask.CompletedTask;
        }

        Task subscribing;
        lock (_subscribeGate)
        {
            // After a failed attempt, callers go on without waiting (and without L1 writes) until the retry is due:
            // an unreachable server must not add a connect timeout to every call.
            if (_subscribing is { IsCompleted: true } && !_subscribed)
            {
                _subscribing = null;
            }

            if (_subscribing is null && _time.GetUtcNow().UtcTicks < _subscribeRetryAtTicks)
            {
                return ValueTask.CompletedTask;
            }

            subscribing = _subscribing ??= SubscribeAsync();
        }

        return new ValueTask(subscribing.WaitAsync(cancellationToken));
    }

    private async Task SubscribeAsync()
    {
        try
        {
            var subscription = await _backplane!.SubscribeAsync(OnInvalidation).ConfigureAwait(false);
            if (Volatile.Read(ref _disposed) != 0)
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
                return;
            }

            _subscription = subscription;
            _subscribed = true;
        }
        catch (Exception ex)
        {
            // Callers go on without L1 writes; an operation after the retry delay tries again.
            HybridCacheLog.SubscribeFailed(_logger, ex);
            Volatile.Write(ref _subscribeRetryAtTicks, _time.GetUtcNow().UtcTicks + SubscribeRetryDelay.Ticks);
        }
    }

    private void OnInvalidation(HybridCacheInvalidation invalidation)
    {
        if (invalidation.Origin == InstanceId || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _metrics.BackplaneReceived();
        switch (invalidation.Kind)
        {
            case HybridCacheInvalidationKind.Key:
                _invalidations.Tick(invalidation.Key!);
                _local.Remove(invalidation.Key!);
                break;
            case HybridCacheInvalidationKind.Tag:
                _tags.Apply(invalidation.Tag!, invalidation.InvalidatedAt.UtcTicks);
                if (invalidation.Tag == KeyRules.Wildcard)
                {
                    _local.Clear();
                }

                break;
            default:
                HybridCacheLog.Flushed(_logger);
                _invalidations.TickAll();
                _local.Clear();
                _tags.MarkAllStale();
                break;
        }
    }

    private async ValueTask PublishAsync(HybridCacheInvalidation invalidation, CancellationToken cancellationToken)
    {
        if (_backplane is null)
        {
            return;
        }

        try
        {
            await _backplane.PublishAsync(invalidation, cancellationToken).ConfigureAwait(false);
            _metrics.BackplaneSent();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HybridCacheLog.PublishFailed(_logger, invalidation.ToString(), ex);
        }
    }
}
