using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Adapters;

/// <summary>
/// A thread-safe <see cref="IObservable{T}"/> for providers' immediate notifications. An observer that throws is
/// logged and does not stop the others nor fail the write that raised the notification (the write already happened).
/// </summary>
/// <typeparam name="T">The notification type.</typeparam>
public sealed partial class ChangeNotifier<T> : IObservable<T>
{
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IObserver<T>[] _observers = [];
    private bool _completed;

    /// <summary>Creates a notifier that logs observer failures to <paramref name="logger"/>.</summary>
    public ChangeNotifier(ILogger? logger = null) => _logger = logger ?? NullLogger.Instance;

    /// <summary>Whether anyone is subscribed (lets providers skip building notifications nobody reads).</summary>
    public bool HasObservers => Volatile.Read(ref _observers).Length > 0;

    /// <inheritdoc />
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            if (_completed)
            {
                observer.OnCompleted();
                return NoSubscription.Instance;
            }

            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Delivers <paramref name="value"/> to every observer, in subscription order.</summary>
    public void Publish(T value)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnNext(value);
            }
            catch (Exception ex)
            {
                LogObserverFailed(_logger, ex, typeof(T).Name);
            }
        }
    }

    /// <summary>Completes every observer and refuses new ones (the source was disposed).</summary>
    public void Complete()
    {
        IObserver<T>[] observers;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            observers = _observers;
            _observers = [];
        }

        foreach (var observer in observers)
        {
            try
            {
                observer.OnCompleted();
            }
            catch (Exception ex)
            {
                LogObserverFailed(_logger, ex, typeof(T).Name);
            }
        }
    }

    private void Unsubscribe(IObserver<T> observer)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_observers, observer);
            if (index >= 0)
            {
                _observers = [.. _observers[..index], .. _observers[(index + 1)..]];
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An observer of {Notification} notifications threw; the others were still notified")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string notification);

    private sealed class Subscription(ChangeNotifier<T> owner, IObserver<T> observer) : IDisposable
    {
        private ChangeNotifier<T>? _owner = owner;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Unsubscribe(observer);
    }

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();

        public void Dispose()
        {
            // Nothing was subscribed: the notifier had already completed.
        }
    }
}
