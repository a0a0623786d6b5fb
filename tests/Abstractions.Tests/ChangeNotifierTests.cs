using Adapters.Conformance;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Adapters.Tests;

public sealed class ChangeNotifierTests
{
    [Fact]
    public void Every_observer_gets_each_value_in_order_and_failures_are_logged()
    {
        var logger = new RecordingLogger<ChangeNotifierTests>();
        var notifier = new ChangeNotifier<int>(logger);
        var seen = new List<int>();
        using var bad = notifier.Subscribe(_ => throw new InvalidOperationException("bug"));
        using var good = notifier.Subscribe(seen.Add);

        notifier.Publish(1);
        notifier.Publish(2);

        Assert.Equal([1, 2], seen);
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException));
    }

    [Fact]
    public void Completion_completes_observers_and_later_subscribers_at_once()
    {
        var notifier = new ChangeNotifier<int>();
        var early = new Observer();
        using var subscription = notifier.Subscribe(early);

        notifier.Complete();
        notifier.Publish(1);
        var late = new Observer();
        using var none = notifier.Subscribe(late);

        Assert.True(early.Completed);
        Assert.True(late.Completed);
        Assert.Empty(early.Values);
        Assert.False(notifier.HasObservers);
    }

    [Fact]
    public void Disposing_a_subscription_twice_is_harmless()
    {
        var notifier = new ChangeNotifier<int>();
        var subscription = notifier.Subscribe(_ => { });
        Assert.True(notifier.HasObservers);
        subscription.Dispose();
        subscription.Dispose();
        Assert.False(notifier.HasObservers);
    }

    private sealed class Observer : IObserver<int>
    {
        public List<int> Values { get; } = [];

        public bool Completed { get; private set; }

        public void OnCompleted() => Completed = true;

        public void OnError(Exception error) => throw new InvalidOperationException("Notifiers never signal errors.", error);

        public void OnNext(int value) => Values.Add(value);
    }
}
