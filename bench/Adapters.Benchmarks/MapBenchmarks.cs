using Adapters.InMemory;
using BenchmarkDotNet.Attributes;

namespace Adapters.Benchmarks;

/// <summary>Where an in-memory map operation spends its time: encoding, the lock and the stamp index.</summary>
[MemoryDiagnoser]
public class MapBenchmarks
{
    private readonly InMemoryMapStore _store = new();
    private IChangeTrackingMap<string, Sample> _map = null!;
    private readonly Sample _value = new(42, "customer-00000042@example.com", 52.5m, ["priority", "eu-west"]);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _map = _store.GetMap<string, Sample>("bench");
        await _map.SetManyAsync(Enumerable.Range(0, 10_000).Select(i => KeyValuePair.Create($"key:{i}", _value with { Id = i })));
    }

    [Benchmark]
    public ValueTask<MapChangeKind> Set() => _map.SetAsync("key:42", _value);

    [Benchmark]
    public ValueTask<Sample> Get() => _map.GetAsync("key:42");

    /// <summary>A value of about 150 bytes of JSON.</summary>
    public sealed record Sample(long Id, string Name, decimal Amount, string[] Tags);
}
