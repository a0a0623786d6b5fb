using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Adapters.InMemory;
using Adapters.Redis;
using Adapters.Redis.Commands;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>
/// `adapters bench auth`: the seed document's table ("Baileys Redis Auth State", 1000 operations each) on our Redis
/// auth-state store, with and without the in-process cache in front of it, one caller awaiting each operation:
/// read 1 key, read 100 keys, write 1 key, write 100 keys, session load, credentials save — the median latency per
/// operation — plus one change-set of Baileys' 812 pre-keys and the cache's bytes per idle session.
/// </summary>
internal sealed class AuthBenchmark : IBenchmark
{
    private const int SmallValue = 160;    // a pre-key record
    private const int SessionValue = 1024; // a Signal session record
    private const int CredentialsBytes = 3 * 1024; // creds.json

    // The seed's "Optimized" column (ms), in the order of Operations.
    private static readonly (string Scenario, string Operation, double Standard, double Optimized)[] Seed =
    [
        ("auth-read-1", "Read Single Key", 15, 1.2),
        ("auth-read-100", "Read 100 Keys", 450, 25),
        ("auth-write-1", "Write Single Key", 20, 1.8),
        ("auth-write-100", "Write 100 Keys", 600, 35),
        ("auth-session-load", "Session Load", 200, 15),
        ("auth-creds-save", "Credential Save", 25, 2),
    ];

    private static readonly Option<int?> OperationsOption = new("--operations") { Description = "Operations per scenario and run (default 1000, 200 with --quick)." };

    public string Name => "auth";

    public string Description => "Auth-state store on Redis: the seed table (read/write 1 and 100 keys, session load, creds save) with and without the cache, and 812 pre-keys.";

    public void AddOptions(Command command) => command.Options.Add(OperationsOption);

    public async Task RunAsync(BenchSettings settings, ParseResult parse, IAnsiConsole console, BenchReport report, CancellationToken cancellationToken)
    {
        var operations = parse.GetValue(OperationsOption) ?? (settings.Quick ? 200 : 1000);
        await using var target = await RedisTarget.OpenAsync(settings, console, cancellationToken).ConfigureAwait(false);
        await using var redis = await RedisConnection.ConnectAsync(target.EndPoint, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var store = new RedisAuthStateStore(redis);
        await using var cached = CachingAuthStateStore.Create(store);
        var session = $"bench-auth-{Guid.NewGuid():N}";
        try
        {
            await SeedAsync(store, session, cancellationToken).ConfigureAwait(false);
            var scenarios = Scenarios(session, operations);
            var subjects = new (string Suffix, IAuthStateStore Store)[] { (string.Empty, store), ("-cached", cached) };
            var runs = new Dictionary<string, List<double>>();

            // Every run measures every scenario, so drift on a shared machine spreads over all of them alike.
            for (var run = 0; run < settings.Runs; run++)
            {
                foreach (var (suffix, subject) in subjects)
                {
                    foreach (var (scenario, operation) in scenarios)
                    {
                        var median = await MedianMillisecondsAsync(operations, n => operation(subject, n, cancellationToken), cancellationToken).ConfigureAwait(false);
                        (runs.TryGetValue(scenario + suffix, out var list) ? list : runs[scenario + suffix] = []).Add(median);
                    }
                }
            }

            foreach (var (scenario, medians) in runs)
            {
                report.AddRuns(scenario, "ms_per_op", medians, "ms");
            }

            await IdleSessionBytesAsync(report, store, scenarios, session, cancellationToken).ConfigureAwait(false);
            await RoundTripsAsync(report, redis, store, scenarios, cancellationToken).ConfigureAwait(false);
            await PreKeysAsync(settings, report, store, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await store.DeleteSessionAsync(session, CancellationToken.None).ConfigureAwait(false);
        }

        PrintSeedTable(console, report);
    }

    /// <summary>What one benchmark operation does, given its index (so reads and writes move over the session's keys).</summary>
    private delegate ValueTask Operation(IAuthStateStore store, int n, CancellationToken cancellationToken);

    private static List<(string Scenario, Operation Run)> Scenarios(string session, int operations)
    {
        var small = Value(1, SmallValue);
        var large = Value(2, SessionValue);
        var credentials = Value(3, CredentialsBytes);
        string[][] hundreds = [.. Enumerable.Range(0, 10).Select(page => Ids(page * 100, 100))];
        AuthKeyChangeSet Hundred(string type, byte[] value, int n)
        {
            var changes = new AuthKeyChangeSet();
            foreach (var id in hundreds[n % hundreds.Length])
            {
                changes.Set(type, id, value);
            }

            return changes;
        }

        var writeOne = Enumerable.Range(0, Math.Min(operations, 1000)).Select(n => new AuthKeyChangeSet().Set(AuthKeyTypes.Session, Id(n), large)).ToArray();
        var writeHundred = Enumerable.Range(0, 10).Select(n => Hundred(AuthKeyTypes.PreKey, small, n)).ToArray();
        var writeHundredLarge = Enumerable.Range(0, 10).Select(n => Hundred(AuthKeyTypes.Session, large, n)).ToArray();
        string[] ownDevices = Ids(0, 5);
        string[] syncKeys = ["AAAAAGh+", "AAAAAP__w", "AAAAAQ=="];
        string[] versions = ["critical_block", "critical_unblock_low", "regular", "regular_high", "regular_low"];

        return
        [
            ("auth-read-1", async (store, n, ct) => await store.GetKeysAsync(session, AuthKeyTypes.Session, [Id(n % 1000)], ct).ConfigureAwait(false)),
            ("auth-read-100", async (store, n, ct) => await store.GetKeysAsync(session, AuthKeyTypes.PreKey, hundreds[n % hundreds.Length], ct).ConfigureAwait(false)),
            ("auth-read-100-1kb", async (store, n, ct) => await store.GetKeysAsync(session, AuthKeyTypes.Session, hundreds[n % hundreds.Length], ct).ConfigureAwait(false)),
            ("auth-write-1", (store, n, ct) => store.SetKeysAsync(session, writeOne[n % writeOne.Length], ct)),
            ("auth-write-100", (store, n, ct) => store.SetKeysAsync(session, writeHundred[n % writeHundred.Length], ct)),
            ("auth-write-100-1kb", (store, n, ct) => store.SetKeysAsync(session, writeHundredLarge[n % writeHundredLarge.Length], ct)),
            ("auth-session-load", async (store, _, ct) =>
            {
                // What a client reads when it (re)connects, issued together: creds, app-state keys and versions, own devices' sessions.
                var creds = store.ReadCredentialsAsync(session, ct);
                var keys = store.GetKeysAsync(session, AuthKeyTypes.AppStateSyncKey, syncKeys, ct);
                var states = store.GetKeysAsync(session, AuthKeyTypes.AppStateSyncVersion, versions, ct);
                var devices = store.GetKeysAsync(session, AuthKeyTypes.Session, ownDevices, ct);
                await creds.ConfigureAwait(false);
                await keys.ConfigureAwait(false);
                await states.ConfigureAwait(false);
                await devices.ConfigureAwait(false);
            }),
            ("auth-creds-save", (store, _, ct) => store.WriteCredentialsAsync(session, credentials, ct)),
        ];
    }

    // The session the reads find: 1,000 pre-keys and sessions, app-state keys and versions, credentials.
    private static async Task SeedAsync(IAuthStateStore store, string session, CancellationToken cancellationToken)
    {
        var changes = new AuthKeyChangeSet();
        foreach (var id in Ids(0, 1000))
        {
            changes.Set(AuthKeyTypes.PreKey, id, Value(id.Length, SmallValue)).Set(AuthKeyTypes.Session, id, Value(id.Length, SessionValue));
        }

        foreach (var id in new[] { "AAAAAGh+", "AAAAAP__w", "AAAAAQ==" })
        {
            changes.Set(AuthKeyTypes.AppStateSyncKey, id, Value(4, 120));
        }

        foreach (var name in new[] { "critical_block", "critical_unblock_low", "regular", "regular_high", "regular_low" })
        {
            changes.Set(AuthKeyTypes.AppStateSyncVersion, name, Value(5, 4096));
        }

        await store.SetKeysAsync(session, changes, cancellationToken).ConfigureAwait(false);
        await store.WriteCredentialsAsync(session, Value(3, CredentialsBytes), cancellationToken).ConfigureAwait(false);
    }

    // What a cache holds for a session that only connected: one session load into an empty cache.
    private static async Task IdleSessionBytesAsync(BenchReport report, IAuthStateStore store, List<(string Scenario, Operation Run)> scenarios, string session, CancellationToken cancellationToken)
    {
        await using var cache = CachingAuthStateStore.Create(store);
        var load = scenarios.Single(scenario => scenario.Scenario == "auth-session-load").Run;
        await load(cache, 0, cancellationToken).ConfigureAwait(false);
        report.Add("auth-cache-idle-session", "bytes", cache.GetSessionBytes(session), "bytes");
    }

    // The server's own count of the commands behind read 100 and write 100 (exact on a server nobody else uses).
    private static async Task RoundTripsAsync(BenchReport report, RedisConnection redis, IAuthStateStore store, List<(string Scenario, Operation Run)> scenarios, CancellationToken cancellationToken)
    {
        const int Operations = 100;
        foreach (var (scenario, command) in new[] { ("auth-read-100", "hmget"), ("auth-write-100", "evalsha") })
        {
            var run = scenarios.Single(s => s.Scenario == scenario).Run;
            var before = await CallsAsync(redis, command, cancellationToken).ConfigureAwait(false);
            for (var n = 0; n < Operations; n++)
            {
                await run(store, n, cancellationToken).ConfigureAwait(false);
            }

            var calls = await CallsAsync(redis, command, cancellationToken).ConfigureAwait(false) - before;
            report.Add(scenario, "commands_per_op", calls / (double)Operations, command.ToUpperInvariant());
        }
    }

    private static async Task<long> CallsAsync(RedisConnection redis, string command, CancellationToken cancellationToken)
    {
        var stats = await redis.Executor.InfoAsync("commandstats", cancellationToken).ConfigureAwait(false);
        var line = stats.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
        var calls = line?.Split(':', 2)[1].Split(',').FirstOrDefault(part => part.StartsWith("calls=", StringComparison.Ordinal));
        return calls is null ? 0 : long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
    }

    private static async Task PreKeysAsync(BenchSettings settings, BenchReport report, RedisAuthStateStore store, CancellationToken cancellationToken)
    {
        var changes = new AuthKeyChangeSet();
        foreach (var id in Ids(1, 812))
        {
            changes.Set(AuthKeyTypes.PreKey, id, Value(id.Length, SmallValue));
        }

        var uploads = settings.Quick ? 10 : 30;
        var runs = new List<double>(settings.Runs);
        for (var run = 0; run < settings.Runs; run++)
        {
            var timings = new List<double>(uploads);
            for (var upload = -3; upload < uploads; upload++)
            {
                var session = $"bench-prekeys-{Guid.NewGuid():N}";
                var started = Stopwatch.GetTimestamp();
                await store.SetKeysAsync(session, changes, cancellationToken).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (upload >= 0)
                {
                    timings.Add(elapsed);
                }

                await store.DeleteSessionAsync(session, cancellationToken).ConfigureAwait(false);
            }

            runs.Add(Measure.Median(timings));
        }

        report.AddRuns("auth-prekeys-812", "ms", runs, "ms");
    }

    // One caller awaiting each operation in turn (a client's own reads and writes are sequential); a short warm-up first.
    private static async Task<double> MedianMillisecondsAsync(int operations, Func<int, ValueTask> operation, CancellationToken cancellationToken)
    {
        for (var n = 0; n < Math.Min(200, operations); n++)
        {
            await operation(n).ConfigureAwait(false);
        }

        var latencies = new double[operations];
        for (var n = 0; n < operations; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await operation(n).ConfigureAwait(false);
            latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return Measure.Median(latencies);
    }

    private static void PrintSeedTable(IAnsiConsole console, BenchReport report)
    {
        string Ours(string scenario)
        {
            var value = report.Rows.FirstOrDefault(row => row.Scenario == scenario && row.Metric == "ms_per_op")?.Value;
            return value switch
            {
                null => "—",
                < 0.01 => (value.Value * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " µs",
                _ => value.Value.ToString("0.###", CultureInfo.InvariantCulture) + " ms",
            };
        }

        var table = new Table().Title("seed document (\"1000 operations\") beside ours, median per operation")
            .AddColumns("operation", "seed standard", "seed optimized", "ours", "ours, cached");
        foreach (var (scenario, operation, standard, optimized) in Seed)
        {
            table.AddRow(
                operation,
                standard.ToString(CultureInfo.InvariantCulture) + " ms",
                optimized.ToString(CultureInfo.InvariantCulture) + " ms",
                Ours(scenario),
                Ours(scenario + "-cached"));
        }

        console.Write(table);
    }

    private static string Id(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string[] Ids(int first, int count) => [.. Enumerable.Range(first, count).Select(Id)];

    private static byte[] Value(int seed, int length)
    {
        var value = new byte[length];
        new Random(seed).NextBytes(value);
        return value;
    }
}
