using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Adapters.Redis;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>
/// `adapters bench strategies`: a map of N entries (~200-byte values), 1% rewritten, one complete change batch (keys
/// and values) per strategy — time, client peak working set, server CPU and how long a concurrent PING waited — plus
/// write throughput against the same writes sent non-atomically, and the seed document's figures beside ours.
/// </summary>
internal sealed class StrategiesBenchmark : IBenchmark
{
    private static readonly Option<int?> RecordsOption = new("--records") { Description = "Run one map size (default 100k, 1M and 10M; 100k with --quick)." };

    // FullHash runs last: at 10M its HGETALL reply is gigabytes the server frees afterwards, and giving them back to the
    // system stalls the server for tens of milliseconds at a time for a while, which would be charged to the next phase.
    private static readonly (ChangeScanStrategy Strategy, string Name)[] Strategies =
        [(ChangeScanStrategy.SortedIndex, "sortedindex"), (ChangeScanStrategy.IncrementalScan, "incrementalscan"), (ChangeScanStrategy.ServerScript, "serverscript"), (ChangeScanStrategy.FullHash, "fullhash")];

    public string Name => "strategies";

    public string Description => "Redis map: one complete change batch per strategy at 100k/1M/10M entries with 1% changed, and write throughput.";

    public void AddOptions(Command command) => command.Options.Add(RecordsOption);

    public async Task RunAsync(BenchSettings settings, ParseResult parse, IAnsiConsole console, BenchReport report, CancellationToken cancellationToken)
    {
        await using var target = await RedisTarget.OpenAsync(settings, console, cancellationToken).ConfigureAwait(false);
        // FullHash reads 10M timestamps with one HGETALL (the seed's node client took 26.5 s), which also holds up the
        // probe's PINGs: the default 5 s reply timeout is right for applications, not for timing that baseline.
        var options = RedisOptions.Parse(target.EndPoint);
        options.AsyncTimeout = TimeSpan.FromMinutes(5);
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var probe = await RedisConnection.ConnectAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        var store = new RedisMapStore(redis);

        await WriteThroughputAsync(settings, report, store, redis.Executor, cancellationToken).ConfigureAwait(false);
        int[] sizes = parse.GetValue(RecordsOption) is { } records ? [records] : settings.Quick ? [100_000] : [100_000, 1_000_000, 10_000_000];
        foreach (var size in sizes)
        {
            await BatchesAsync(settings, console, report, store, redis.Executor, probe.Executor, size, cancellationToken).ConfigureAwait(false);
        }

        PrintSeedTable(console, report);
    }

    private static async Task WriteThroughputAsync(BenchSettings settings, BenchReport report, RedisMapStore store, IRedisExecutor redis, CancellationToken cancellationToken)
    {
        const int Keys = 100_000;
        var name = $"bench-writes-{Guid.NewGuid():N}";
        var value = BenchPayload();
        await using var map = store.GetMap(name, new RedisMapOptions<string, byte[]> { ValueSerializer = RawBytesSerializer.Instance });
        var baseline = (Values: $"bench:{{{name}}}:v", Stamps: $"bench:{{{name}}}:t", Index: $"bench:{{{name}}}:i");
        var ours = new List<double>();
        var theirs = new List<double>();
        for (var run = 0; run < settings.Runs; run++)
        {
            theirs.Add(await Measure.OpsPerSecondAsync(64, settings.PhaseDuration, async (caller, n) =>
            {
                var field = $"k{Pick(caller, n, Keys)}";
                var stamp = Stopwatch.GetTimestamp();
                var a = redis.HashSetAsync(baseline.Values, field, value, cancellationToken);
                var b = redis.HashSetAsync(baseline.Stamps, field, stamp, cancellationToken);
                var c = redis.SortedSetAddAsync(baseline.Index, field, stamp, cancellationToken);
                await a.ConfigureAwait(false);
                await b.ConfigureAwait(false);
                await c.ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false));
            ours.Add(await Measure.OpsPerSecondAsync(64, settings.PhaseDuration, async (caller, n) => await map.SetAsync($"k{Pick(caller, n, Keys)}", value, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
        }

        report.AddRuns("map-set-3cmd-baseline-c64", "ops_per_sec", theirs, "ops/s");
        report.AddRuns("map-set-indexed-c64", "ops_per_sec", ours, "ops/s");
        report.CompareWith("map-set-indexed-c64", "map-set-3cmd-baseline-c64", "ops_per_sec");

        var bulk = $"bench-setmany-{Guid.NewGuid():N}";
        await using var many = store.GetMap(bulk, new RedisMapOptions<string, byte[]> { ValueSerializer = RawBytesSerializer.Instance });
        var count = settings.Quick ? 100_000 : 500_000;
        var started = Stopwatch.GetTimestamp();
        await many.SetManyAsync(Enumerable.Range(0, count).Select(i => KeyValuePair.Create($"k{i}", value)), cancellationToken).ConfigureAwait(false);
        report.Add("map-setmany", "ops_per_sec", count / Stopwatch.GetElapsedTime(started).TotalSeconds, "entries/s");
        await store.DropMapAsync(name, cancellationToken).ConfigureAwait(false);
        await store.DropMapAsync(bulk, cancellationToken).ConfigureAwait(false);
        foreach (var key in new[] { baseline.Values, baseline.Stamps, baseline.Index })
        {
            await redis.UnlinkAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task BatchesAsync(BenchSettings settings, IAnsiConsole console, BenchReport report, RedisMapStore store, IRedisExecutor redis, IRedisExecutor probe, int size, CancellationToken cancellationToken)
    {
        var label = size >= 1_000_000 ? $"{size / 1_000_000}m" : $"{size / 1000}k";
        var name = $"bench-strategies-{label}";
        await store.DropMapAsync(name, cancellationToken).ConfigureAwait(false);
        await using var writer = store.GetMap<string, BenchValue>(name);
        await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"populating {size:N0} entries", maxValue: size);
            foreach (var chunk in Enumerable.Range(0, size).Chunk(10_000))
            {
                await writer.SetManyAsync(chunk.Select(i => KeyValuePair.Create($"key:{i}", BenchValue.Create(i))), cancellationToken).ConfigureAwait(false);
                task.Increment(chunk.Length);
            }
        }).ConfigureAwait(false);

        // Each strategy reads with its own consumer group, started at the current position (set directly: draining
        // every entry first would be a benchmark of its own).
        var clock = await redis.GetAsync($"map:{{{name}}}:__meta:clock", cancellationToken).ConfigureAwait(false);
        // Readers take the values as the stored bytes, as the seed's node figures did (ioredis strings, no JSON.parse):
        // decoding costs every strategy the same. One more SortedIndex reader decodes them, to show that cost.
        var readers = new List<(string Name, IAsyncDisposable Map, Func<string, int, Task<int>> CompleteBatch)>();
        foreach (var (strategy, strategyName) in Strategies)
        {
            var raw = store.GetMap(name, new RedisMapOptions<string, byte[]> { Strategy = strategy, ValueSerializer = RawBytesSerializer.Instance });
            readers.Add((strategyName, raw, (group, max) => CompleteBatchAsync(raw, group, max, cancellationToken)));
        }

        var typed = store.GetMap(name, new RedisMapOptions<string, BenchValue> { Strategy = ChangeScanStrategy.SortedIndex });
        readers.Insert(1, ("sortedindex-typed", typed, (group, max) => CompleteBatchAsync(typed, group, max, cancellationToken)));
        foreach (var (readerName, _, _) in readers)
        {
            await redis.HashSetAsync($"map:{{{name}}}:__meta:groups", readerName, clock!, cancellationToken).ConfigureAwait(false);
        }

        var changed = size / 100;
        var results = readers.ToDictionary(reader => reader.Name, _ => (Ms: new List<double>(), PeakMb: new List<double>(), BlockMs: new List<double>(), LongestMs: new List<double>(), CpuMs: new List<double>()));
        var random = new Random(size);
        for (var run = 0; run < settings.Runs; run++)
        {
            var keys = Enumerable.Range(0, changed).Select(_ => random.Next(size)).Distinct().ToArray();
            foreach (var chunk in keys.Chunk(10_000))
            {
                await writer.SetManyAsync(chunk.Select(i => KeyValuePair.Create($"key:{i}", BenchValue.Create(i) with { Status = $"changed-{run}" })), cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            foreach (var (strategyName, _, completeBatch) in readers)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await using var watch = await ServerProbe.StartAsync(probe, redis, cancellationToken).ConfigureAwait(false);
                var started = Stopwatch.GetTimestamp();
                var read = await completeBatch(strategyName, keys.Length + 1000).ConfigureAwait(false);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var (blockMs, longestMs, longestCommand, cpuMs, peakMb) = await watch.StopAsync(cancellationToken).ConfigureAwait(false);
                if (read != keys.Length)
                {
                    throw new InvalidOperationException($"{strategyName} returned {read} entries; {keys.Length} were rewritten.");
                }

                var row = results[strategyName];
                row.Ms.Add(ms);
                row.PeakMb.Add(peakMb);
                row.BlockMs.Add(blockMs);
                row.LongestMs.Add(longestMs);
                row.CpuMs.Add(cpuMs);
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [grey]{label} run {run + 1} {strategyName}: {ms:F0} ms, client +{peakMb:F0} MB, PING waited up to {blockMs:F1} ms, longest command {longestMs:F1} ms ({longestCommand})[/]");
            }
        }

        foreach (var (strategyName, row) in results)
        {
            report.Add($"batch-{strategyName}-{label}", "ms", Measure.Median(row.Ms), "ms");
            report.Add($"batch-{strategyName}-{label}", "client_peak_mb", Measure.Median(row.PeakMb), "MB");
            report.Add($"batch-{strategyName}-{label}", "server_block_ms", row.BlockMs.Max(), "ms");
            if (row.LongestMs.All(double.IsFinite))
            {
                report.Add($"batch-{strategyName}-{label}", "server_longest_command_ms", row.LongestMs.Max(), "ms");
            }

            report.Add($"batch-{strategyName}-{label}", "server_cpu_ms", Measure.Median(row.CpuMs), "ms");
        }

        foreach (var (_, map, _) in readers)
        {
            await map.DisposeAsync().ConfigureAwait(false);
        }

        await store.DropMapAsync(name, cancellationToken).ConfigureAwait(false);
    }

    // One complete batch: pages until nothing more is waiting, each committed.
    private static async Task<int> CompleteBatchAsync<TValue>(IChangeFeed<string, TValue> feed, string group, int maxCount, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var batch = await feed.ReadChangesAsync(group, new ChangeReadOptions(TimeSpan.Zero, maxCount), cancellationToken).ConfigureAwait(false);
            total += batch.Entries.Count;
            await feed.CommitAsync(group, batch.Checkpoint, batch.HighWaterMark, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!batch.HasMore)
            {
                return total;
            }
        }
    }

    private static void PrintSeedTable(IAnsiConsole console, BenchReport report)
    {
        string Ours(string strategy, string size)
        {
            var ms = report.Rows.FirstOrDefault(r => r.Scenario == $"batch-{strategy}-{size}" && r.Metric == "ms")?.Value;
            var mb = report.Rows.FirstOrDefault(r => r.Scenario == $"batch-{strategy}-{size}" && r.Metric == "client_peak_mb")?.Value;
            var block = report.Rows.FirstOrDefault(r => r.Scenario == $"batch-{strategy}-{size}" && r.Metric == "server_block_ms")?.Value;
            return ms is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{ms:F0} ms, {mb:F0} MB, block {block:F0} ms");
        }

        var table = new Table().Title("seed document (node + ioredis, same machine) beside ours").AddColumns("N", "source", "HGETALL+filter", "HSCAN 1000", "Lua scan", "sorted index (keys + values)");
        table.AddRow("1M", "seed", "2.4 s, 280 MB heap", "2.3 s, 20 MB", "1.4 s (server blocked throughout)", "15 ms keys, 35 ms + HMGET");
        table.AddRow("1M", "ours", Ours("fullhash", "1m"), Ours("incrementalscan", "1m"), Ours("serverscript", "1m"), Ours("sortedindex", "1m"));
        table.AddRow("10M", "seed", "26.5 s, 2.8 GB heap", "—", "— (23-32 s blocked)", "120 ms keys, 514 ms + HMGET");
        table.AddRow("10M", "ours", Ours("fullhash", "10m"), Ours("incrementalscan", "10m"), Ours("serverscript", "10m"), Ours("sortedindex", "10m"));
        console.Write(table);
    }

    private static byte[] BenchPayload()
    {
        var payload = new byte[200];
        new Random(7).NextBytes(payload);
        return payload;
    }

    private static int Pick(int caller, long n, int keys) => (int)(((caller * 7_919L) + (n * 104_729L)) % keys);
}
