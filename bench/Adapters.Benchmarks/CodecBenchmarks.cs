using System.Text;
using Adapters.Compression;
using BenchmarkDotNet.Attributes;

namespace Adapters.Benchmarks;

/// <summary>
/// Each codec compressing and decompressing 64 KiB of JSON at its default level (zstd 3), span to span: what a cache
/// value costs on the way in and out. `adapters bench cache` holds the throughput targets; this shows allocations.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private ICompressionCodec _codec = null!;
    private byte[] _payload = [];
    private byte[] _compressed = [];
    private byte[] _buffer = [];
    private byte[] _output = [];

    [Params("zstd", "lz4", "gzip", "deflate", "zlib", "brotli")]
    public string Codec { get; set; } = "zstd";

    [GlobalSetup]
    public void Setup()
    {
        _codec = CompressionCodecs.ForName(Codec);
        if (!_codec.IsAvailable)
        {
            throw new InvalidOperationException($"The {Codec} codec is not available here: install its native library.");
        }

        _payload = Payload(64 * 1024);
        _buffer = new byte[_codec.GetMaxCompressedLength(_payload.Length)];
        _compressed = _buffer[.._codec.Compress(_payload, _buffer)];
        _output = new byte[_payload.Length];
    }

    [Benchmark]
    public int Compress() => _codec.Compress(_payload, _buffer);

    [Benchmark]
    public void Decompress() => _codec.Decompress(_compressed, _output);

    // Orders as an API would cache them: repeated keys, varied values.
    private static byte[] Payload(int length)
    {
        var random = new Random(64);
        string[] statuses = ["pending", "paid", "shipped", "delivered"];
        var json = new StringBuilder("[");
        for (var id = 0; json.Length < length - 300; id++)
        {
            json.Append(id == 0 ? "" : ",")
                .Append("{\"id\":").Append(1_000_000 + id)
                .Append(",\"email\":\"customer").Append(random.Next(1_000_000)).Append("@example.com\"")
                .Append(",\"status\":\"").Append(statuses[random.Next(statuses.Length)]).Append('"')
                .Append(",\"total\":").Append(random.Next(100, 100_000)).Append('.').Append(random.Next(10, 99))
                .Append(",\"items\":[{\"sku\":\"SKU-").Append(random.Next(100_000)).Append("\",\"quantity\":").Append(random.Next(1, 6)).Append("}]}");
        }

        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }
}
