using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace Adapters.Benchmarks;

/// <summary>The default JSON serializer's cost per value: the floor under every map operation.</summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private readonly JsonMapSerializer<MapBenchmarks.Sample> _serializer = JsonMapSerializer<MapBenchmarks.Sample>.Default;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly MapBenchmarks.Sample _value = new(42, "customer-00000042@example.com", 52.5m, ["priority", "eu-west"]);
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup()
    {
        _serializer.Serialize(_value, _buffer);
        _json = _buffer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int Serialize()
    {
        _buffer.ResetWrittenCount();
        _serializer.Serialize(_value, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public MapBenchmarks.Sample Deserialize() => _serializer.Deserialize(_json);
}
