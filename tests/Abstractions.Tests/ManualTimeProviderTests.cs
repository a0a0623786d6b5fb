using Adapters.Conformance;
using Xunit;

namespace Adapters.Tests;

public sealed class ManualTimeProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Time_moves_only_when_advanced_and_can_be_stepped_back()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(start.AddMinutes(5), clock.GetUtcNow());

        clock.SetUtcNow(start.AddHours(-1));
        Assert.Equal(start.AddHours(-1), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public async Task Delays_complete_when_their_time_comes()
    {
        var clock = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), clock, Ct);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public void Periodic_timers_fire_once_per_period_passed_in_due_order()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<string>();
        using var fast = clock.CreateTimer(_ => fired.Add($"fast@{clock.GetUtcNow():ss}"), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        using var once = clock.CreateTimer(_ => fired.Add($"once@{clock.GetUtcNow():ss}"), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(["fast@02", "once@03", "fast@04", "fast@06"], fired);
    }

    [Fact]
    public void Disposed_and_changed_timers_obey()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(5));
        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, fired);
    }
}
