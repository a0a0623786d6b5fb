using System.Globalization;
using Adapters.Compression;
using Adapters.Redis;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Cli.Bench;

/// <summary>
/// The wire rows of `adapters bench cache`: bytes a Set sends to Redis and a Get receives from it, per codec, for the
/// 1 KiB and 64 KiB JSON values, counted by the server itself (<c>total_net_input_bytes</c> and
/// <c>total_net_output_bytes</c> of INFO stats around many operations). Exact on the self-started server; other
/// clients of a server given with --redis add their own traffic.
/// </summary>
internal static class CacheWireBytes
{
    private const int Operations = 500;
    private static readonly RedisCommand Info = RedisCommand.Of("INFO");

    public static async Task RunAsync(IRedisExecutor redis, RedisDistributedCache cache, IReadOnlyList<(string Label, byte[] Value)> values, BenchReport report, CancellationToken ct)
    {
        (string Name, IDistributedCache Cache)[] variants =
        [
            ("none", cache),
            .. new ICompressionCodec[] { CompressionCodecs.Zstd(3), CompressionCodecs.Lz4(), CompressionCodecs.GZip(), CompressionCodecs.Brotli() }
                .Where(codec => codec.IsAvailable)
                .Select(codec => (codec.Name, (IDistributedCache)new CompressingDistributedCache(cache, new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = 256 })))),
        ];

        var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };
        foreach (var (label, value) in values)
        {
            foreach (var (name, variant) in variants)
            {
                var key = $"wire:{label}:{name}";
                var sent = await PerOperationAsync(redis, "total_net_input_bytes", () => variant.SetAsync(key, value, options, ct), ct).ConfigureAwait(false);
                var received = await PerOperationAsync(redis, "total_net_output_bytes", async () => _ = await variant.GetAsync(key, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"{key} was not stored."), ct).ConfigureAwait(false);
                report.Add($"cache-wire-{label}-json-{name}", "bytes_per_set", Math.Round(sent), "bytes");
                report.Add($"cache-wire-{label}-json-{name}", "bytes_per_get", Math.Round(received), "bytes");
            }
        }
    }

    private static async Task<double> PerOperationAsync(IRedisExecutor redis, string counter, Func<Task> operation, CancellationToken ct)
    {
        await operation().ConfigureAwait(false);
        var before = await CounterAsync(redis, counter, ct).ConfigureAwait(false);
        for (var i = 0; i < Operations; i++)
        {
            await operation().ConfigureAwait(false);
        }

        var after = await CounterAsync(redis, counter, ct).ConfigureAwait(false);

        // One INFO request (or its ~1 KiB reply) falls inside the window: a few bytes per operation at most.
        return (after - before) / (double)Operations;
    }

    private static async Task<long> CounterAsync(IRedisExecutor redis, string counter, CancellationToken ct)
    {
        var info = await redis.ExecuteAsync(Info, ["stats"], Replies.Text, ct).ConfigureAwait(false) ?? string.Empty;
        var line = info.Split('\n').FirstOrDefault(l => l.StartsWith(counter + ":", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"INFO stats has no {counter}.");
        return long.Parse(line.AsSpan(counter.Length + 1).Trim(), CultureInfo.InvariantCulture);
    }
}
