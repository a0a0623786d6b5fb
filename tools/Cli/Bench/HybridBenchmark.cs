using System.Diagnostics;
using System.Globalization;
using System.Text;
using Adapters.Compression;
using Adapters.Redis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>
/// `adapters bench hybrid`: the HybridCache's L1 hit (latency and allocations, against a bare <see cref="MemoryCache"/>
/// lookup), its L2 hit on Redis with 64 callers per codec (against reading the same value through the distributed cache
/// by hand), and a stampede of 1,000 concurrent callers on one missing key (how many times the factory ran).
/// </summary>
internal sealed class HybridBenchmark : IBenchmark
{
    private const int Callers = 64;
    private const int StampedeCallers = 1000;
    private const string InstanceName = "adapters:bench:hybrid:";
    private static readonly HybridCacheEntryOptions L2Only = new() { Flags = HybridCacheEntryFlags.DisableLocalCache };

    public string Name => "hybrid";

    public string Description => "HybridCache: L1 hit ns and bytes per op, L2 hit throughput per codec on Redis (64 callers, 16 KiB JSON), and a 1,000-caller stampede.";

    public async Task RunAsync(BenchSettings settings, System.CommandLine.ParseResult parse, IAnsiConsole console, BenchReport report, CancellationToken cancellationToken)
    {
        await LocalHitAsync(settings, report, cancellationToken).ConfigureAwait(false);
        await using var target = await RedisTarget.OpenAsync(settings, console, cancellationToken).ConfigureAwait(false);
        await using var redis = await RedisConnection.ConnectAsync(RedisOptions.Parse(target.EndPoint), cancellationToken: cancellationToken).ConfigureAwait(false);
        var distributed = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = InstanceName });
        await DistributedHitAsync(distributed, settings, console, report, cancellationToken).ConfigureAwait(false);
        await StampedeAsync(distributed, settings, console, report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One caller reading one hot key; the baseline is the bare L1 lookup every HybridCache hit contains.</summary>
    private static async Task LocalHitAsync(BenchSettings settings, BenchReport report, CancellationToken ct)
    {
        var count = settings.Quick ? 200_000 : 2_000_000;
        await using var provider = Services(null, CompressionCodecs.None);
        var cache = provider.GetRequiredService<HybridCache>();
        var value = new string('x', 1024);
        await cache.SetAsync("l1:hot", value, cancellationToken: ct).ConfigureAwait(false);
        using var memory = new MemoryCache(new MemoryCacheOptions());
        memory.Set("l1:hot", value);

        var ours = new List<double>();
        var baseline = new List<double>();
        double bytes = 0;
        for (var run = 0; run < settings.Runs; run++)
        {
            baseline.Add(Timed(count, () => memory.TryGetValue("l1:hot", out string? hit) ? hit!.Length : 0).Nanoseconds);
            var (nanoseconds, allocated) = Timed(count, () =>
            {
                var pending = cache.GetOrCreateAsync("l1:hot", static _ => ValueTask.FromResult(string.Empty), cancellationToken: ct);
                return pending.IsCompletedSuccessfully ? pending.Result.Length : throw new InvalidOperationException("An L1 hit did not complete synchronously.");
            });
            ours.Add(nanoseconds);
            bytes = Math.Max(bytes, allocated);
        }

        report.AddRuns("hybrid-l1-hit", "ns_per_op", ours, "ns");
        report.Add("hybrid-l1-hit", "bytes_per_op", Math.Round(bytes, 1), "bytes");
        report.AddRuns("hybrid-l1-hit-baseline-memorycache", "ns_per_op", baseline, "ns");
        report.CompareWith("hybrid-l1-hit", "hybrid-l1-hit-baseline-memorycache", "ns_per_op");
    }

    /// <summary>
    /// 64 callers reading 64 keys of 16 KiB of JSON (a string) from L2 only, per codec, against the distributed cache
    /// read by hand. Not 64 KiB: its 128 KB string would land on the large object heap, and gen-2 collections would be
    /// all either side measured.
    /// </summary>
    private static async Task DistributedHitAsync(RedisDistributedCache distributed, BenchSettings settings, IAnsiConsole console, BenchReport report, CancellationToken ct)
    {
        var json = Encoding.UTF8.GetString(CodecMeasurements.JsonPayload().AsSpan(0, 16 * 1024));
        ICompressionCodec[] codecs = [CompressionCodecs.None, CompressionCodecs.Zstd(3), CompressionCodecs.Lz4(), CompressionCodecs.GZip(), CompressionCodecs.Brotli()];
        var keys = Enumerable.Range(0, Callers).Select(i => $"l2:{i}").ToArray();
        var raw = Encoding.UTF8.GetBytes(json);
        foreach (var key in keys)
        {
            await distributed.SetAsync("raw:" + key, raw, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) }, ct).ConfigureAwait(false);
        }

        var runs = new Dictionary<string, List<double>>();
        for (var run = 0; run < settings.Runs; run++)
        {
            await Phase("hybrid-l2-hit-baseline-distributed-get", async (caller, _) =>
            {
                var bytes = await distributed.GetAsync("raw:" + keys[caller], ct).ConfigureAwait(false) ?? throw new InvalidOperationException("A baseline entry is missing.");
                if (Encoding.UTF8.GetString(bytes).Length != json.Length)
                {
                    throw new InvalidOperationException("A baseline entry holds another value.");
                }
            }).ConfigureAwait(false);
            foreach (var codec in codecs.Where(codec => codec.IsAvailable))
            {
                await using var provider = Services(distributed, codec);
                var cache = provider.GetRequiredService<HybridCache>();
                foreach (var key in keys)
                {
                    await cache.SetAsync($"{codec.Name}:{key}", json, cancellationToken: ct).ConfigureAwait(false);
                }

                await Phase($"hybrid-l2-hit-{codec.Name}", async (caller, _) =>
                {
                    var value = await cache.GetOrCreateAsync($"{codec.Name}:{keys[caller]}", static _ => ValueTask.FromResult(string.Empty), L2Only, cancellationToken: ct).ConfigureAwait(false);
                    if (value.Length != json.Length)
                    {
                        throw new InvalidOperationException("An L2 hit returned another value: the factory ran, so the entry was missing.");
                    }
                }).ConfigureAwait(false);
            }
        }

        foreach (var (scenario, list) in runs)
        {
            report.AddRuns(scenario, "ops_per_sec", list, "ops/s");
            if (scenario.StartsWith("hybrid-l2-hit-", StringComparison.Ordinal) && !scenario.Contains("baseline", StringComparison.Ordinal))
            {
                report.CompareWith(scenario, "hybrid-l2-hit-baseline-distributed-get", "ops_per_sec");
            }
        }

        async Task Phase(string scenario, Func<int, long, ValueTask> operation)
        {
            var rate = await Measure.OpsPerSecondAsync(Callers, settings.PhaseDuration, operation, ct).ConfigureAwait(false);
            (runs.TryGetValue(scenario, out var list) ? list : runs[scenario] = []).Add(rate);
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [grey]{scenario}: {rate:N0} ops/s[/]");
        }
    }

    /// <summary>1,000 callers ask for one missing key at once; the factory takes 100 ms. Stampede protection runs it once.</summary>
    private static async Task StampedeAsync(RedisDistributedCache distributed, BenchSettings settings, IAnsiConsole console, BenchReport report, CancellationToken ct)
    {
        await using var provider = Services(distributed, CompressionCodecs.None);
        var cache = provider.GetRequiredService<HybridCache>();
        var worst = 0;
        var elapsed = new List<double>();
        for (var run = 0; run < settings.Runs; run++)
        {
            var key = $"stampede:{Guid.NewGuid():N}";
            var calls = 0;
            var started = Stopwatch.GetTimestamp();
            var callers = Enumerable.Range(0, StampedeCallers).Select(_ => Task.Run(async () => await cache.GetOrCreateAsync(key, async token =>
            {
                Interlocked.Increment(ref calls);
                await Task.Delay(100, token).ConfigureAwait(false);
                return "made once";
            }, cancellationToken: ct).ConfigureAwait(false), ct)).ToArray();
            var results = await Task.WhenAll(callers).ConfigureAwait(false);
            elapsed.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (results.Any(result => result != "made once"))
            {
                throw new InvalidOperationException("A stampede caller got another value.");
            }

            worst = Math.Max(worst, calls);
            await cache.RemoveAsync(key, ct).ConfigureAwait(false);
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [grey]run {run + 1} stampede: {calls} factory call(s), {elapsed[^1]:F0} ms for {StampedeCallers} callers[/]");
        }

        report.Add($"hybrid-stampede-{StampedeCallers}", "factory_calls", worst, "calls");
        report.AddRuns($"hybrid-stampede-{StampedeCallers}", "ms", elapsed, "ms");
    }

    private static ServiceProvider Services(IDistributedCache? distributed, ICompressionCodec codec)
    {
        var services = new ServiceCollection();
        if (distributed is not null)
        {
            services.AddSingleton(distributed);
        }

        services.AddAdaptersHybridCache(options =>
        {
            options.Codec = codec;
            options.CompressionThreshold = 1024;
            options.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = TimeSpan.FromHours(1) };
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Nanoseconds and bytes allocated per call of <paramref name="operation"/> on this thread, after a warm-up.</summary>
    private static (double Nanoseconds, double Bytes) Timed(int count, Func<int> operation)
    {
        // A second of warm-up: tiered compilation promotes hot methods only after a delay, and until then the async
        // machinery of a first-tier method allocates and runs several times slower than it will.
        var sink = 0;
        var warm = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warm) < TimeSpan.FromSeconds(1))
        {
            for (var i = 0; i < 10_000; i++)
            {
                sink += operation();
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            sink += operation();
        }

        var nanoseconds = Stopwatch.GetElapsedTime(started).TotalNanoseconds / count;
        GC.KeepAlive(sink);
        return (Math.Round(nanoseconds, 1), (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count);
    }
}
