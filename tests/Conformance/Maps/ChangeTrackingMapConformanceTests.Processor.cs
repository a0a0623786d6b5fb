using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Adapters.Conformance.Maps;

public abstract partial class ChangeTrackingMapConformanceTests<TFixture>
{
    /// <summary>Processor options suited to the fixture's clock.</summary>
    protected ChangeBatchProcessorOptions ProcessorOptions(string group = "g", int maxBatchSize = 1000) => new()
    {
        Group = group,
        QuietPeriod = Quiet,
        MaxBatchSize = maxBatchSize,
        PollInterval = Fixture.TimeUnit,
        LeaseDuration = Fixture.TimeUnit * 40,
        RetryInitialDelay = Fixture.TimeUnit / 5,
        RetryMaxDelay = Fixture.TimeUnit,
    };

    [Fact]
    public virtual async Task The_processor_hands_batches_to_every_handler_then_commits()
    {
        await using var map = OpenItems();
        var first = new List<string>();
        var second = new List<string>();
        var processor = new ChangeBatchProcessor<string, ConformanceItem>(
            map,
            [Handler(batch => first.AddRange(batch.Entries.Select(e => e.Key))), Handler(batch => second.AddRange(batch.Entries.Select(e => e.Key)))],
            ProcessorOptions(),
            timeProvider: Fixture.Clock);
        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);
        await map.SetAsync("b", new ConformanceItem("b", 1), Ct);
        await PassQuietAsync();

        var cycle = await processor.ProcessOnceAsync(Ct);

        Assert.Equal(new ChangeBatchCycle(ChangeBatchOutcome.Handled, 2, false), cycle);
        Assert.Equal(["a", "b"], first);
        Assert.Equal(["a", "b"], second);
        Assert.Equal(ChangeBatchOutcome.Idle, (await processor.ProcessOnceAsync(Ct)).Outcome);
        Assert.Equal(2, first.Count);
    }

    [Fact]
    public virtual async Task A_failing_handler_gets_the_same_batch_again_and_the_failure_is_logged()
    {
        await using var map = OpenItems();
        var batches = new List<ChangeBatch<string, ConformanceItem>>();
        var logger = new RecordingLogger<ChangeBatchProcessor<string, ConformanceItem>>();
        var processor = new ChangeBatchProcessor<string, ConformanceItem>(
            map,
            (batch, _) =>
            {
                batches.Add(batch);
                return batches.Count == 1 ? throw new InvalidOperationException("downstream is down") : ValueTask.CompletedTask;
            },
            ProcessorOptions(),
            logger,
            Fixture.Clock);
        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);
        await PassQuietAsync();

        Assert.Equal(ChangeBatchOutcome.HandlerFailed, (await processor.ProcessOnceAsync(Ct)).Outcome);
        Assert.Equal(0, (await map.GetCheckpointsAsync(Ct))["g"]);
        var error = Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(error.Exception);

        await map.SetAsync("b", new ConformanceItem("b", 1), Ct);
        await PassQuietAsync();
        Assert.Equal(ChangeBatchOutcome.Handled, (await processor.ProcessOnceAsync(Ct)).Outcome);

        Assert.Equal(2, batches.Count);
        Assert.Same(batches[0], batches[1]);
        Assert.Equal(batches[0].HighWaterMark, (await map.GetCheckpointsAsync(Ct))["g"]);
        Assert.Equal("b", Assert.Single((await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct)).Entries).Key);
    }

    [Fact]
    public virtual async Task A_handler_that_writes_to_its_own_map_does_not_deadlock()
    {
        await using var map = OpenItems();
        var processor = new ChangeBatchProcessor<string, ConformanceItem>(
            map,
            async (batch, token) =>
            {
                foreach (var entry in batch.Entries.Where(e => !e.Key.StartsWith("echo-", StringComparison.Ordinal)))
                {
                    await map.SetAsync("echo-" + entry.Key, entry.Value! with { Version = entry.Value.Version + 100 }, token);
                    _ = await map.GetManyAsync([entry.Key, "echo-" + entry.Key], token);
                    await map.RemoveAsync(entry.Key, token);
                }
            },
            ProcessorOptions(),
            timeProvider: Fixture.Clock);
        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);
        await PassQuietAsync();

        var cycle = await processor.ProcessOnceAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(ChangeBatchOutcome.Handled, cycle.Outcome);
        Assert.Equal(101, (await map.GetAsync("echo-a", Ct)).Version);
        await PassQuietAsync();
        var next = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        Assert.Equal(["a", "echo-a"], next.Entries.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public virtual async Task Two_processors_on_one_group_never_both_process_a_window()
    {
        var name = ConformanceFixture.UniqueName("pair");
        await using var first = OpenItems(name);
        await using var second = OpenItems(name);
        await first.SetManyAsync(Enumerable.Range(0, 200).Select(i => new KeyValuePair<string, ConformanceItem>($"k{i:D3}", new ConformanceItem("x", i))), Ct);
        await PassQuietAsync();

        var active = 0;
        var overlaps = 0;
        var windows = new ConcurrentQueue<(string Who, long From, long To, string[] Keys)>();
        ChangeBatchProcessor<string, ConformanceItem> Create(IChangeFeed<string, ConformanceItem> feed, string who) => new(
            feed,
            async (batch, _) =>
            {
                if (Interlocked.Increment(ref active) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                windows.Enqueue((who, batch.Checkpoint, batch.HighWaterMark, [.. batch.Entries.Select(e => e.Key)]));
                await Task.Delay(2, CancellationToken.None);
                Interlocked.Decrement(ref active);
            },
            ProcessorOptions(maxBatchSize: 20),
            timeProvider: Fixture.Clock);
        var one = Create(first, "one");
        var two = Create(second, "two");

        async Task RunAsync(ChangeBatchProcessor<string, ConformanceItem> processor, int handOverAfter)
        {
            var handled = 0;
            while (windows.Sum(w => w.Keys.Length) < 200)
            {
                var cycle = await processor.ProcessOnceAsync(Ct);
                if (cycle.Outcome == ChangeBatchOutcome.Handled && ++handled == handOverAfter)
                {
                    await processor.ReleaseLeaseAsync(Ct);
                    return;
                }

                await Task.Yield();
            }
        }

        await Task.WhenAll(Task.Run(() => RunAsync(one, handOverAfter: 3), Ct), Task.Run(() => RunAsync(two, handOverAfter: int.MaxValue), Ct))
            .WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(0, overlaps);
        var ordered = windows.OrderBy(w => w.From).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.Equal(ordered[i - 1].To, ordered[i].From);
        }

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"k{i:D3}"), ordered.SelectMany(w => w.Keys));
        Assert.Contains(ordered, w => w.Who == "two");
    }

    [Fact]
    public virtual async Task The_hosted_processor_runs_on_its_interval_and_releases_its_lease_on_stop()
    {
        var name = ConformanceFixture.UniqueName("hosted");
        await using var map = OpenItems(name);
        await using var other = OpenItems(name);
        var delivered = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var processor = new ChangeBatchProcessor<string, ConformanceItem>(
            map,
            (batch, _) =>
            {
                delivered.TrySetResult([.. batch.Entries.Select(e => e.Key)]);
                return ValueTask.CompletedTask;
            },
            ProcessorOptions(),
            timeProvider: Fixture.Clock);
        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);

        await processor.StartAsync(Ct);
        for (var i = 0; i < 200 && !delivered.Task.IsCompleted; i++)
        {
            await Fixture.AdvanceAsync(Fixture.TimeUnit);
            await Task.WhenAny(delivered.Task, Task.Delay(10, Ct));
        }

        Assert.Equal(["a"], await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        await processor.StopAsync(Ct);
        Assert.NotNull(await other.TryAcquireLeaseAsync("g", Fixture.TimeUnit, Ct));
    }

    private static IChangeBatchHandler<string, ConformanceItem> Handler(Action<ChangeBatch<string, ConformanceItem>> handle)
        => new ActionHandler(handle);

    private sealed class ActionHandler(Action<ChangeBatch<string, ConformanceItem>> handle) : IChangeBatchHandler<string, ConformanceItem>
    {
        public ValueTask HandleAsync(ChangeBatch<string, ConformanceItem> batch, CancellationToken cancellationToken)
        {
            handle(batch);
            return ValueTask.CompletedTask;
        }
    }
}
