using System.Collections.Concurrent;
using System.CommandLine;
using Adapters.InMemory;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>
/// `adapters bench memory`: the in-memory map's set/get throughput with 1 and 64 callers against a plain
/// ConcurrentDictionary doing the same serialization (the baseline), and one complete change batch over 1M entries
/// with 1% rewritten.
/// </summary>
internal sealed class MemoryBenchmark : IBenchmark
{
    private const int Keys = 100_000;
    private const int BatchEntries = 1_000_000;
    private const int Changed = BatchEntries / 100;

    public string Name => "memory";

    public string Description => "In-memory map: set/get with 1 and 64 callers, and a complete change batch over 1M entries with 1% changed.";

    public async Task RunAsync(BenchSettings settings, ParseResult parse, IAnsiConsole console, BenchReport report, CancellationToken cancellationToken)
    {
        var store = new InMemoryMapStore();
        await using var map = store.GetMap<string, BenchValue>("bench-ops");
        var keys = Enumerable.Range(0, Keys).Select(i => $"key:{i}").ToArray();
        var values = Enumerable.Range(0, Keys).Select(i => BenchValue.Create(i)).ToArray();
        await map.SetManyAsync(keys.Zip(values, KeyValuePair.Create), cancellationToken).ConfigureAwait(false);

        var baseline = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        var keySerializer = JsonMapSerializer<string>.Default;
        var valueSerializer = JsonMapSerializer<BenchValue>.Default;
        for (var i = 0; i < Keys; i++)
        {
            baseline[Encode(keySerializer, keys[i])] = Serialize(valueSerializer, values[i]);
        }

        foreach (var callers in new[] { 1, 64 })
        {
            await ThroughputAsync(report, settings, $"memory-set-c{callers}", callers, (caller, n) => Ignore(map.SetAsync(keys[Pick(caller, n)], values[Pick(caller, n)], cancellationToken)), cancellationToken).ConfigureAwait(false);
            await ThroughputAsync(report, settings, $"memory-get-c{callers}", callers, (caller, n) => Ignore(map.GetAsync(keys[Pick(caller, n)], cancellationToken)), cancellationToken).ConfigureAwait(false);
        }

        await ThroughputAsync(report, settings, "memory-set-c64-baseline-dictionary", 64, (caller, n) =>
        {
            baseline[Encode(keySerializer, keys[Pick(caller, n)])] = Serialize(valueSerializer, values[Pick(caller, n)]);
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        await ThroughputAsync(report, settings, "memory-get-c64-baseline-dictionary", 64, (caller, n) =>
        {
            _ = valueSerializer.Deserialize(baseline[Encode(keySerializer, keys[Pick(caller, n)])]);
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        report.CompareWith("memory-set-c64", "memory-set-c64-baseline-dictionary", "ops_per_sec");
        report.CompareWith("memory-get-c64", "memory-get-c64-baseline-dictionary", "ops_per_sec");

        await BatchAsync(console, report, settings, store, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ThroughputAsync(BenchReport report, BenchSettings settings, string scenario, int callers, Func<int, long, ValueTask> operation, CancellationToken cancellationToken)
    {
        var median = await Measure.MedianAsync(settings.Runs, _ => Measure.OpsPerSecondAsync(callers, settings.PhaseDuration, operation, cancellationToken)).ConfigureAwait(false);
        report.Add(scenario, "ops_per_sec", median, "ops/s");
    }

    private static async Task BatchAsync(IAnsiConsole console, BenchReport report, BenchSettings settings, InMemoryMapStore store, CancellationToken cancellationToken)
    {
        await using var map = store.GetMap<string, BenchValue>("bench-batch");
        await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"populating {BatchEntries:N0} entries", maxValue: BatchEntries);
            foreach (var chunk in Enumerable.Range(0, BatchEntries).Chunk(10_000))
            {
                await map.SetManyAsync(chunk.Select(i => KeyValuePair.Create($"key:{i}", BenchValue.Create(i))), cancellationToken).ConfigureAwait(false);
                task.Increment(chunk.Length);
            }
        }).ConfigureAwait(false);

        const string Group = "bench";
        await DrainAsync(map, Group, cancellationToken).ConfigureAwait(false);
        var random = new Random(42);
        var median = await Measure.MedianAsync(settings.Runs, async _ =>
        {
            var changed = Enumerable.Range(0, Changed).Select(_ => random.Next(BatchEntries)).Distinct().ToArray();
            await map.SetManyAsync(changed.Select(i => KeyValuePair.Create($"key:{i}", BenchValue.Create(i) with { Status = "changed" })), cancellationToken).ConfigureAwait(false);

            // Stamps are unique, so a fast burst is stamped slightly ahead of the clock; let it catch up untimed.
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            var drained = 0;
            var ms = await Measure.MillisecondsAsync(async () => drained = await DrainAsync(map, Group, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (drained != changed.Length)
            {
                throw new InvalidOperationException($"The change batch held {drained} entries, {changed.Length} were rewritten.");
            }

            return ms;
        }).ConfigureAwait(false);
        report.Add("memory-batch-1m", "ms", median, "ms");
    }

    private static async Task<int> DrainAsync(IChangeFeed<string, BenchValue> feed, string group, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var batch = await feed.ReadChangesAsync(group, new ChangeReadOptions(TimeSpan.Zero, 1000), cancellationToken).ConfigureAwait(false);
            total += batch.Entries.Count;
            await feed.CommitAsync(group, batch.Checkpoint, batch.HighWaterMark, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!batch.HasMore)
            {
                return total;
            }
        }
    }

    // Spreads callers over the key space without a shared Random.
    private static int Pick(int caller, long n) => (int)(((caller * 7_919L) + (n * 104_729L)) % Keys);

    private static string Encode(IMapSerializer<string> serializer, string key) => System.Text.Encoding.UTF8.GetString(Serialize(serializer, key));

    private static byte[] Serialize<T>(IMapSerializer<T> serializer, T value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        serializer.Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static async ValueTask Ignore<T>(ValueTask<T> pending) => await pending.ConfigureAwait(false);
}
