using System.CommandLine;
using System.Globalization;
using Adapters.Redis;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;
using Microsoft.Extensions.Caching.Distributed;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>
/// `adapters bench cache`: the Redis distributed cache against baselines written on the same client, same server, same
/// run, with 64 concurrent callers and 1 KiB / 64 KiB JSON values — Get (vs a raw HGET loop), Get with a sliding
/// expiration (vs Microsoft's two-round-trip algorithm) and Set (vs Microsoft's HSET + expire); then bytes on the
/// wire per codec, and the codecs' ratio and decompression speed on 64 KiB of JSON.
/// </summary>
internal sealed class CacheBenchmark : IBenchmark
{
    private const int Callers = 64;
    private const string InstanceName = "adapters:bench:cache:";
    private static readonly TimeSpan Sliding = TimeSpan.FromHours(1);

    private static readonly Option<int?> PoolSizeOption = new("--pool-size") { Description = "Connections in the client's pool (default: sized for the core count)." };

    public string Name => "cache";

    public string Description => "Distributed cache: Get, sliding Get and Set with 64 callers (1 KiB, 64 KiB) vs raw HGET and Microsoft's algorithm, wire bytes and codec speed.";

    public void AddOptions(Command command) => command.Options.Add(PoolSizeOption);

    public async Task RunAsync(BenchSettings settings, ParseResult parse, IAnsiConsole console, BenchReport report, CancellationToken cancellationToken)
    {
        await using var target = await RedisTarget.OpenAsync(settings, console, cancellationToken).ConfigureAwait(false);
        var options = RedisOptions.Parse(target.EndPoint);
        options.PoolSize = parse.GetValue(PoolSizeOption) ?? options.PoolSize;
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = InstanceName });
        var json = CodecMeasurements.JsonPayload();
        (string Label, byte[] Value)[] values = [("1k", json[..1024]), ("64k", json)];

        var runs = new Dictionary<(string Scenario, string Metric), List<double>>();
        void Record(string scenario, string metric, double value) => (runs.TryGetValue((scenario, metric), out var list) ? list : runs[(scenario, metric)] = []).Add(value);
        for (var run = 0; run < settings.Runs; run++)
        {
            var number = run + 1;
            foreach (var (label, value) in values)
            {
                await MeasureSizeAsync(redis.Executor, cache, label, value, async (scenario, callers, operation) =>
                {
                    var (rate, clientUs, serverUs) = await CachePhase.RunAsync(redis.Executor, callers, settings.PhaseDuration, operation, cancellationToken).ConfigureAwait(false);
                    Record(scenario, "ops_per_sec", rate);
                    Record(scenario, "client_cpu_us_per_op", clientUs);
                    Record(scenario, "server_cpu_us_per_op", serverUs);
                    console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [grey]run {number} {scenario}: {rate:N0} ops/s, CPU per op: client {clientUs:F1} µs, server {serverUs:F1} µs[/]");
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var ((scenario, metric), list) in runs.Where(run => run.Key.Metric == "ops_per_sec"))
        {
            report.AddRuns(scenario, metric, list, "ops/s");
        }

        foreach (var ((scenario, metric), list) in runs.Where(run => run.Key.Metric != "ops_per_sec"))
        {
            report.Add(scenario, metric, Math.Round(Measure.Median(list), 1), "µs");
        }

        foreach (var (label, _) in values)
        {
            report.CompareWith($"cache-get-{label}-c64", $"cache-hget-{label}-c64-baseline", "ops_per_sec");
            report.CompareWith($"cache-get-sliding-{label}-c64", $"cache-get-sliding-{label}-c64-baseline-2rtt", "ops_per_sec");
            report.CompareWith($"cache-set-{label}-c64", $"cache-set-{label}-c64-baseline-hset-expire", "ops_per_sec");
        }

        report.CompareWith("cache-get-sliding-1k-c1", "cache-get-sliding-1k-c1-baseline-2rtt", "ops_per_sec");
        await AllocationsAsync(redis.Executor, cache, values[0].Value, settings, report, cancellationToken).ConfigureAwait(false);

        await CacheWireBytes.RunAsync(redis.Executor, cache, values, report, cancellationToken).ConfigureAwait(false);
        await CodecMeasurements.RunAsync(settings, report, cancellationToken).ConfigureAwait(false);
        await CleanUpAsync(redis.Executor, cancellationToken).ConfigureAwait(false);
        PrintTargets(console, report);
    }

    // Baselines and ours alternate inside each run, so drift on a shared machine hits both alike.
    private static async Task MeasureSizeAsync(IRedisExecutor client, RedisDistributedCache cache, string label, byte[] value, Func<string, int, Func<int, long, ValueTask>, Task> phase, CancellationToken ct)
    {
        var plain = Keys($"plain:{label}");
        var sliding = Keys($"sliding:{label}");
        var written = Keys($"set:{label}");
        for (var i = 0; i < Callers; i++)
        {
            await cache.SetAsync(plain[i], value, new DistributedCacheEntryOptions(), ct).ConfigureAwait(false);
            await cache.SetAsync(sliding[i], value, new DistributedCacheEntryOptions { SlidingExpiration = Sliding }, ct).ConfigureAwait(false);
        }

        var setOptions = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Sliding };
        await phase($"cache-hget-{label}-c64-baseline", Callers, (caller, _) => CacheBaselines.HGetAsync(client, InstanceName + plain[caller], ct)).ConfigureAwait(false);
        await phase($"cache-get-{label}-c64", Callers, (caller, _) => Read(cache.GetAsync(plain[caller], ct))).ConfigureAwait(false);
        await phase($"cache-get-sliding-{label}-c64-baseline-2rtt", Callers, (caller, _) => CacheBaselines.TwoRoundTripGetAsync(client, InstanceName + sliding[caller], ct)).ConfigureAwait(false);
        await phase($"cache-get-sliding-{label}-c64", Callers, (caller, _) => Read(cache.GetAsync(sliding[caller], ct))).ConfigureAwait(false);
        if (label == "1k")
        {
            // One caller awaiting each read: latency-bound, where a second round trip costs the most.
            await phase("cache-get-sliding-1k-c1-baseline-2rtt", 1, (_, _) => CacheBaselines.TwoRoundTripGetAsync(client, InstanceName + sliding[0], ct)).ConfigureAwait(false);
            await phase("cache-get-sliding-1k-c1", 1, (_, _) => Read(cache.GetAsync(sliding[0], ct))).ConfigureAwait(false);
        }

        await EnsurePresentAsync(cache, [.. plain, .. sliding], ct).ConfigureAwait(false);
        await phase($"cache-set-{label}-c64-baseline-hset-expire", Callers, (caller, _) => CacheBaselines.HSetThenExpireAsync(client, InstanceName + written[caller], value, Sliding, ct)).ConfigureAwait(false);
        await phase($"cache-set-{label}-c64", Callers, (caller, _) => new ValueTask(cache.SetAsync(written[caller], value, setOptions, ct))).ConfigureAwait(false);
    }

    // Process-wide: replies are parsed (and results allocated) on the reader threads, not the caller's.
    private static async Task AllocationsAsync(IRedisExecutor client, RedisDistributedCache cache, byte[] value, BenchSettings settings, BenchReport report, CancellationToken ct)
    {
        var count = settings.Quick ? 20_000 : 100_000;
        await cache.SetAsync("alloc:plain", value, new DistributedCacheEntryOptions(), ct).ConfigureAwait(false);
        await cache.SetAsync("alloc:sliding", value, new DistributedCacheEntryOptions { SlidingExpiration = Sliding }, ct).ConfigureAwait(false);
        report.Add("cache-hget-1k-alloc-baseline", "bytes_per_op", await BytesPerOpAsync(count, () => CacheBaselines.HGetAsync(client, InstanceName + "alloc:plain", ct)).ConfigureAwait(false), "bytes");
        report.Add("cache-get-1k-alloc", "bytes_per_op", await BytesPerOpAsync(count, () => Read(cache.GetAsync("alloc:plain", ct))).ConfigureAwait(false), "bytes");
        report.Add("cache-get-sliding-1k-alloc", "bytes_per_op", await BytesPerOpAsync(count, () => Read(cache.GetAsync("alloc:sliding", ct))).ConfigureAwait(false), "bytes");
        await cache.RemoveAsync("alloc:plain", ct).ConfigureAwait(false);
        await cache.RemoveAsync("alloc:sliding", ct).ConfigureAwait(false);
    }

    private static async Task<double> BytesPerOpAsync(int count, Func<ValueTask> operation)
    {
        for (var i = 0; i < 2_000; i++)
        {
            await operation().ConfigureAwait(false);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++)
        {
            await operation().ConfigureAwait(false);
        }

        return Math.Round((GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count);
    }

    private static string[] Keys(string kind) => [.. Enumerable.Range(0, Callers).Select(i => $"{kind}:{i}")];

    // The cache's own Task, unwrapped: the raw HGET baseline has no wrapper either. Entries are checked after the phases.
    private static ValueTask Read(Task<byte[]?> get) => new(get);

    private static async Task EnsurePresentAsync(RedisDistributedCache cache, string[] keys, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            _ = await cache.GetAsync(key, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"The benchmark entry {key} is missing: was the server flushed during the run?");
        }
    }

    private static async Task CleanUpAsync(IRedisExecutor client, CancellationToken ct)
    {
        var unlink = RedisCommand.Of("UNLINK");
        foreach (var kind in new[] { "plain", "sliding", "set" })
        {
            foreach (var label in new[] { "1k", "64k" })
            {
                var keys = Keys($"{kind}:{label}").Select(key => (CommandArg)(InstanceName + key)).ToArray();
                await client.ExecuteAsync(unlink, keys, Replies.Integer, ct).ConfigureAwait(false);
            }
        }
    }

    private static void PrintTargets(IAnsiConsole console, BenchReport report)
    {
        var rows = new List<(string What, double? Value, double Target, string Unit)>
        {
            ("cache-get-sliding-1k-c64 vs baseline-2rtt", report.Ratio("cache-get-sliding-1k-c64", "cache-get-sliding-1k-c64-baseline-2rtt", "ops_per_sec"), 1.8, "x"),
            ("cache-get-1k-c64 vs raw HGET", report.Ratio("cache-get-1k-c64", "cache-hget-1k-c64-baseline", "ops_per_sec"), 0.9, "x"),
        };
        foreach (var codec in new[] { "zstd", "lz4" })
        {
            rows.Add(($"codec-{codec}-decompress-64k", report.Rows.FirstOrDefault(r => r.Scenario == $"codec-{codec}-decompress-64k")?.Value, 1000, "MB/s"));
        }

        foreach (var (what, value, goal, unit) in rows)
        {
            var verdict = value is not { } v ? "[yellow]not measured[/]" : v >= goal ? "[green]met[/]" : "[red]missed[/]";
            console.MarkupLine(CultureInfo.InvariantCulture, $"target {Markup.Escape(what)} ≥ {goal:G} {unit}: {(value is { } x ? x.ToString("G4", CultureInfo.InvariantCulture) : "-")} {verdict}");
        }
    }
}
