namespace Adapters;

/// <summary>Subscribes plain delegates to map notifications without a reactive library.</summary>
public static class ObservableExtensions
{
    /// <summary>Calls <paramref name="onNext"/> for every notification until the returned subscription is disposed.</summary>
    public static IDisposable Subscribe<T>(this IObservable<T> source, Action<T> onNext)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(onNext);
        return source.Subscribe(new DelegateObserver<T>(onNext));
    }

    private sealed class DelegateObserver<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnCompleted()
        {
            // Completion carries no notification for a delegate subscriber.
        }

        public void OnError(Exception error)
        {
            // Providers never signal errors through notifications: failures surface on the write itself.
        }

        public void OnNext(T value) => onNext(value);
    }
}
