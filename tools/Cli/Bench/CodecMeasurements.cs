using System.Diagnostics;
using System.Text.Json;
using Adapters.Compression;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>
/// The codec rows of `adapters bench cache`: for zstd (level 3), LZ4 (default), gzip and brotli (default levels), the
/// ratio on a ~64 KiB JSON payload and single-threaded decompression throughput, counted in bytes of the original
/// payload (MB = 10^6 bytes) — the figure the ≥ 1 GB/s target of zstd and LZ4 is read against.
/// </summary>
internal static class CodecMeasurements
{
    private const int PayloadLimit = 64 * 1024;

    internal static async Task RunAsync(BenchSettings settings, BenchReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(report);
        var payload = JsonPayload();
        var duration = settings.Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(2);
        ICompressionCodec[] codecs = [CompressionCodecs.Zstd(3), CompressionCodecs.Lz4(), CompressionCodecs.GZip(), CompressionCodecs.Brotli()];
        foreach (var codec in codecs)
        {
            if (!codec.IsAvailable)
            {
                var reason = (codec as ZstdCompressionCodec)?.UnavailableReason ?? (codec as Lz4CompressionCodec)?.UnavailableReason;
                AnsiConsole.MarkupLineInterpolated($"[yellow]codec {codec.Name} is not available, no rows: {reason}[/]");
                continue;
            }

            var compressed = Compress(codec, payload);
            AnsiConsole.MarkupLineInterpolated($"  [grey]{codec.Name}: {payload.Length:N0} bytes of JSON → {compressed.Length:N0}[/]");
            report.Add($"codec-{codec.Name}-ratio-64k-json", "ratio", Math.Round((double)payload.Length / compressed.Length, 3), "x");

            var output = new byte[payload.Length];
            codec.Decompress(compressed, output);
            if (!output.AsSpan().SequenceEqual(payload))
            {
                throw new InvalidOperationException($"The {codec.Name} codec did not round-trip the payload.");
            }

            var runs = new List<double>(settings.Runs);
            for (var run = 0; run < settings.Runs; run++)
            {
                runs.Add(await Task.Run(() => DecompressMegabytesPerSecond(codec, compressed, output, duration, ct), ct).ConfigureAwait(false));
            }

            report.AddRuns($"codec-{codec.Name}-decompress-64k", "mb_per_sec", runs, "MB/s");
        }
    }

    private static byte[] Compress(ICompressionCodec codec, byte[] payload)
    {
        var buffer = new byte[codec.GetMaxCompressedLength(payload.Length)];
        return buffer[..codec.Compress(payload, buffer)];
    }

    private static double DecompressMegabytesPerSecond(ICompressionCodec codec, byte[] compressed, byte[] output, TimeSpan duration, CancellationToken ct)
    {
        // A short untimed warm-up lets tiered compilation settle the managed side of the call.
        RunFor(codec, compressed, output, duration / 4, ct);
        var (iterations, elapsed) = RunFor(codec, compressed, output, duration, ct);
        return iterations * (double)output.Length / elapsed.TotalSeconds / 1e6;
    }

    private static (long Iterations, TimeSpan Elapsed) RunFor(ICompressionCodec codec, byte[] compressed, byte[] output, TimeSpan duration, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long iterations = 0;
        do
        {
            ct.ThrowIfCancellationRequested();

            // Batches keep the clock reads out of the measured work.
            for (var i = 0; i < 16; i++)
            {
                codec.Decompress(compressed, output);
            }

            iterations += 16;
        }
        while (Stopwatch.GetTimestamp() < deadline);

        return (iterations, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>A JSON array of orders with varied fields, as an API would cache it, cut at whole orders below 64 KiB.</summary>
    internal static byte[] JsonPayload()
    {
        var random = new Random(64);
        string[] statuses = ["pending", "paid", "packed", "shipped", "delivered", "returned"];
        string[] cities = ["Lisbon", "Porto", "Berlin", "Hamburg", "Madrid", "Paris", "Lyon", "Oslo", "Vienna", "Dublin"];
        string[] products = ["USB-C cable 2 m", "Wireless mouse", "Mechanical keyboard", "27\" monitor", "Laptop stand", "Webcam 1080p", "Noise-cancelling headphones", "Desk lamp"];
        var orders = new List<byte[]>();
        var size = 2;
        for (var id = 1; ; id++)
        {
            var items = Enumerable.Range(0, random.Next(1, 5)).Select(_ => new
            {
                sku = $"SKU-{random.Next(100_000):D6}",
                name = products[random.Next(products.Length)],
                quantity = random.Next(1, 6),
                unitPrice = Math.Round(random.Next(199, 49_999) / 100m, 2),
            }).ToArray();
            var order = JsonSerializer.SerializeToUtf8Bytes(new
            {
                id = 1_000_000 + id,
                customer = new { id = random.Next(1_000_000), email = $"customer{random.Next(1_000_000):D6}@example.com", name = $"Customer {random.Next(10_000)}" },
                status = statuses[random.Next(statuses.Length)],
                createdAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(30_000_000)),
                currency = random.Next(4) == 0 ? "USD" : "EUR",
                total = items.Sum(item => item.unitPrice * item.quantity),
                shipping = new { street = $"{random.Next(1, 300)} Main Street", city = cities[random.Next(cities.Length)], postalCode = $"{random.Next(10_000, 99_999)}", country = random.Next(3) == 0 ? "DE" : "PT" },
                items,
                tags = random.Next(3) == 0 ? new[] { "gift", "priority" } : ["standard"],
                note = random.Next(5) == 0 ? "Please leave the parcel with the neighbour if nobody answers." : null,
            });
            if (size + order.Length + 1 > PayloadLimit)
            {
                break;
            }

            orders.Add(order);
            size += order.Length + 1;
        }

        var payload = new List<byte>(size) { (byte)'[' };
        for (var i = 0; i < orders.Count; i++)
        {
            if (i > 0)
            {
                payload.Add((byte)',');
            }

            payload.AddRange(orders[i]);
        }

        payload.Add((byte)']');
        return [.. payload];
    }
}
