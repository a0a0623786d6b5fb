namespace Adapters.Internal;

/// <summary>
/// The handlers of an invalidation bus. They change under a lock and are read without one (copy on write), so a
/// delivery never waits for a subscription and a handler may unsubscribe from inside a delivery. The file is compiled
/// into the in-memory and the Redis provider alike (linked in the Redis project), which share no internals otherwise.
/// </summary>
internal sealed class SubscriberList<T>
    where T : class
{
    private readonly Lock _gate = new();
    private Action<T>[] _handlers = [];

    /// <summary>The number of handlers.</summary>
    public int Count => Volatile.Read(ref _handlers).Length;

    /// <summary>Adds <paramref name="handler"/>; disposing the returned handle removes it (once, however often it is disposed).</summary>
    public IAsyncDisposable Add(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            Volatile.Write(ref _handlers, [.. _handlers, handler]);
        }

        return new Subscription(this, handler);
    }

    /// <summary>Removes every handler (the bus was disposed); their handles then do nothing.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            Volatile.Write(ref _handlers, []);
        }
    }

    /// <summary>Calls every handler with <paramref name="message"/>; one that throws does not stop the others.</summary>
    /// <returns>The handlers' exceptions, or <see langword="null"/> when none threw.</returns>
    public List<Exception>? Deliver(T message)
    {
        List<Exception>? failures = null;
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(message);
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }
        }

        return failures;
    }

    /// <summary>
    /// The publication of a bus of one process: delivered synchronously, the handlers' failures (if any) reported
    /// together once every handler got the message.
    /// </summary>
    public ValueTask PublishAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        return Deliver(message) is { } failures
            ? ValueTask.FromException(new AggregateException("Invalidation handlers failed.", failures))
            : ValueTask.CompletedTask;
    }

    /// <summary>The subscription of a bus of one process: nothing to wait for.</summary>
    public ValueTask<IAsyncDisposable> SubscribeAsync(Action<T> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Add(handler));
    }

    private void Remove(Action<T> handler)
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

    private sealed class Subscription(SubscriberList<T> list, Action<T> handler) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                list.Remove(handler);
            }

            return ValueTask.CompletedTask;
        }
    }
}
