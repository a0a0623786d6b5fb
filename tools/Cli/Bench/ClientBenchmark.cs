using System.CommandLine;
using Adapters.Redis;
using Adapters.Redis.Commands;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>
/// `adapters bench client`: our RESP client against redis-benchmark on the same server in the same run — GET/SET of
/// 100-byte values with 64 concurrent callers (baseline: -c 64 -P 16) and one caller awaiting each command (baseline:
/// -c 1 -P 1), plus bytes allocated per GET.
/// </summary>
internal sealed class ClientBenchmark : IBenchmark
{
    private const int ValueSize = 100;
    private const string Key = "adapters:bench:client";

    public string Name => "client";

    private static readonly Option<int?> PoolSizeOption = new("--pool-size") { Description = "Connections in the client's pool (default: sized for the core count)." };

    public string Description => "RESP client: GET/SET 100 B with 64 callers and 1 caller vs redis-benchmark, and allocations per GET.";

    public void AddOptions(Command command) => command.Options.Add(PoolSizeOption);

    public async Task RunAsync(BenchSettings settings, ParseResult parse, IAnsiConsole console, BenchReport report, CancellationToken cancellationToken)
    {
        await using var target = await RedisTarget.OpenAsync(settings, console, cancellationToken).ConfigureAwait(false);
        var options = RedisOptions.Parse(target.EndPoint);
        options.PoolSize = parse.GetValue(PoolSizeOption) ?? options.PoolSize;
        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        var client = redis.Executor;
        var value = new byte[ValueSize];
        Random.Shared.NextBytes(value);
        await client.SetAsync(Key, value, cancellationToken: cancellationToken).ConfigureAwait(false);

        var results = new Dictionary<string, List<double>>();
        void Record(string scenario, double value) => (results.TryGetValue(scenario, out var list) ? list : results[scenario] = []).Add(value);
        var withBaseline = RedisBenchmarkTool.IsInstalled;
        if (!withBaseline)
        {
            console.MarkupLine("[yellow]redis-benchmark is not installed: no baseline rows (install redis-tools)[/]");
        }

        for (var run = 0; run < settings.Runs; run++)
        {
            // Baselines and ours alternate inside each run, so drift on a shared machine hits both alike.
            if (withBaseline)
            {
                Record("redis-benchmark-get-c64-p16", await RedisBenchmarkTool.GetOpsPerSecondAsync(target.EndPoint, 64, 16, settings.Quick ? 300_000 : 2_000_000, ValueSize, cancellationToken).ConfigureAwait(false));
            }
            Record("client-get-100b-c64", await Measure.OpsPerSecondAsync(64, settings.PhaseDuration, async (_, _) => await client.GetAsync(Key, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
            Record("client-set-100b-c64", await Measure.OpsPerSecondAsync(64, settings.PhaseDuration, async (_, _) => await client.SetAsync(Key, value, cancellationToken: cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
            if (withBaseline)
            {
                Record("redis-benchmark-get-c1-p1", await RedisBenchmarkTool.GetOpsPerSecondAsync(target.EndPoint, 1, 1, settings.Quick ? 5_000 : 30_000, ValueSize, cancellationToken).ConfigureAwait(false));
            }

            Record("client-get-100b-c1", await Measure.OpsPerSecondAsync(1, settings.PhaseDuration, async (_, _) => await client.GetAsync(Key, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
        }

        foreach (var (scenario, values) in results)
        {
            report.AddRuns(scenario, "ops_per_sec", values, "ops/s");
        }

        report.Add("client-get-100b-alloc", "bytes_per_op", await BytesPerGetAsync(client, settings.Quick ? 20_000 : 100_000, cancellationToken).ConfigureAwait(false), "bytes");
        report.CompareWith("client-get-100b-c64", "redis-benchmark-get-c64-p16", "ops_per_sec");
        report.CompareWith("client-set-100b-c64", "redis-benchmark-get-c64-p16", "ops_per_sec");
        report.CompareWith("client-get-100b-c1", "redis-benchmark-get-c1-p1", "ops_per_sec");
    }

    // Process-wide: the reply is read (and the result allocated) on the read loop's thread, not the caller's.
    private static async Task<double> BytesPerGetAsync(Redis.Connection.IRedisExecutor client, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 2_000; i++)
        {
            await client.GetAsync(Key, cancellationToken).ConfigureAwait(false);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++)
        {
            await client.GetAsync(Key, cancellationToken).ConfigureAwait(false);
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count;
    }
}
