using Adapters.Conformance;
using Xunit;

namespace Adapters.InMemory.Tests;

public sealed class ChangeBatchProcessorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_hosted_loop_backs_off_after_a_handler_failure()
    {
        var clock = new ManualTimeProvider();
        await using var map = new InMemoryMapStore(clock).GetMap<string, int>("backoff");
        var attempts = 0;
        using var processor = new ChangeBatchProcessor<string, int>(
            map,
            (_, _) => ++attempts == 1 ? throw new InvalidOperationException("first attempt fails") : ValueTask.CompletedTask,
            new ChangeBatchProcessorOptions { QuietPeriod = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromSeconds(1), RetryInitialDelay = TimeSpan.FromSeconds(10), RetryMaxDelay = TimeSpan.FromMinutes(1) },
            timeProvider: clock);
        await map.SetAsync("a", 1, Ct);
        await processor.StartAsync(Ct);

        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => attempts == 1);
        clock.Advance(TimeSpan.FromSeconds(7)); // jitter keeps the first retry within 8-12 s
        await Task.Delay(50, Ct);
        Assert.Equal(1, attempts);

        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => attempts == 2);
        await processor.StopAsync(Ct);
    }

    [Fact]
    public async Task Losing_the_lease_cancels_the_running_handlers()
    {
        var clock = new ManualTimeProvider();
        var store = new InMemoryMapStore(clock);
        await using var map = store.GetMap<string, int>("lease-loss");
        await using var admin = store.GetMap<string, int>("lease-loss");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ChangeBatchProcessor<string, int>(
            map,
            async (_, token) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            },
            new ChangeBatchProcessorOptions { QuietPeriod = TimeSpan.Zero, LeaseDuration = TimeSpan.FromSeconds(30) },
            timeProvider: clock);
        await map.SetAsync("a", 1, Ct);
        clock.Advance(TimeSpan.FromSeconds(1));

        var cycle = processor.ProcessOnceAsync(Ct).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(await admin.DeleteGroupAsync("default", Ct)); // drops the lease under the processor's feet
        clock.Advance(TimeSpan.FromSeconds(10)); // the renewal tick finds the lease gone

        Assert.Equal(ChangeBatchOutcome.NotLeaseHolder, (await cycle.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Outcome);
        Assert.False(processor.HoldsLease);
    }

    [Fact]
    public async Task Invalid_options_and_missing_handlers_are_rejected_naming_them()
    {
        await using var map = new InMemoryMapStore().GetMap<string, int>("options");
        Assert.Equal("Group", Assert.ThrowsAny<ArgumentException>(() => new ChangeBatchProcessorOptions { Group = "" }.Validate()).ParamName);
        Assert.Equal("PollInterval", Assert.ThrowsAny<ArgumentException>(() => new ChangeBatchProcessorOptions { PollInterval = TimeSpan.Zero }.Validate()).ParamName);
        Assert.Equal("RetryMaxDelay", Assert.ThrowsAny<ArgumentException>(() => new ChangeBatchProcessorOptions { RetryInitialDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromSeconds(1) }.Validate()).ParamName);
        Assert.Equal("handlers", Assert.Throws<ArgumentException>(() => new ChangeBatchProcessor<string, int>(map, [], new ChangeBatchProcessorOptions())).ParamName);
    }

    [Fact]
    public async Task One_cycle_at_a_time_per_processor()
    {
        await using var map = new InMemoryMapStore().GetMap<string, int>("reentry");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ChangeBatchProcessor<string, int>(map, async (_, _) => await release.Task, new ChangeBatchProcessorOptions { QuietPeriod = TimeSpan.Zero });
        await map.SetAsync("a", 1, Ct);
        await Task.Delay(5, Ct);

        var first = processor.ProcessOnceAsync(Ct).AsTask();
        await Assert.ThrowsAsync<InvalidOperationException>(() => processor.ProcessOnceAsync(Ct).AsTask());
        release.SetResult();
        Assert.Equal(ChangeBatchOutcome.Handled, (await first).Outcome);
    }

    private static async Task AdvanceUntilAsync(ManualTimeProvider clock, TimeSpan step, Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            clock.Advance(step);
            await Task.Delay(5, Ct);
        }

        Assert.True(condition(), "the condition never held");
    }
}
