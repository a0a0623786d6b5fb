namespace Adapters.InMemory;

/// <summary>
/// An <see cref="IAuthStateInvalidationBus"/> for the caches of one process: every publication is delivered to every
/// subscriber synchronously, before <see cref="PublishAsync"/> returns. Nothing is ever lost, so it never raises
/// <see cref="AuthStateInvalidation.Everything"/> by itself.
/// </summary>
public sealed class InMemoryAuthInvalidationBus : IAuthStateInvalidationBus
{
    private readonly Lock _gate = new();
    private Action<AuthStateInvalidation>[] _handlers = [];

    /// <summary>The number of subscriptions.</summary>
    public int SubscriberCount => Volatile.Read(ref _handlers).Length;

    /// <inheritdoc />
    /// <exception cref="AggregateException">Handlers threw (every handler still got the message).</exception>
    public ValueTask PublishAsync(AuthStateInvalidation invalidation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invalidation);
        cancellationToken.ThrowIfCancellationRequested();
        List<Exception>? failures = null;
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(invalidation);
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }
        }

        return failures is null ? ValueTask.CompletedTask : ValueTask.FromException(new AggregateException("Invalidation handlers failed.", failures));
    }

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> SubscribeAsync(Action<AuthStateInvalidation> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Volatile.Write(ref _handlers, [.. _handlers, handler]);
        }

        return ValueTask.FromResult<IAsyncDisposable>(new Subscription(this, handler));
    }

    private void Unsubscribe(Action<AuthStateInvalidation> handler)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
            {
                Volatile.Write(ref _handlers, [.. _handlers[..index], .. _handlers[(index + 1)..]]);
            }
        }
    }

    private sealed class Subscription(InMemoryAuthInvalidationBus bus, Action<AuthStateInvalidation> handler) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bus.Unsubscribe(handler);
            }

            return ValueTask.CompletedTask;
        }
    }
}
