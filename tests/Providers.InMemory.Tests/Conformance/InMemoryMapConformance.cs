using Adapters.Conformance;
using Adapters.Conformance.Maps;

namespace Adapters.InMemory.Tests.Conformance;

/// <summary>In-memory maps on a fake clock: the suite runs without sleeping.</summary>
public sealed class InMemoryMapFixture : ChangeTrackingMapFixture
{
    private readonly InMemoryMapStore _store;

    public InMemoryMapFixture() => _store = new InMemoryMapStore(Clock);

    public override ManualTimeProvider Clock { get; } = new();

    public override IChangeTrackingMap<TKey, TValue> OpenMap<TKey, TValue>(string name, ChangeTrackingMapOptions<TKey, TValue>? options = null)
        => _store.GetMap(name, options);
}

/// <summary>In-memory maps on the system clock: the same real-time path a Redis provider takes.</summary>
public sealed class InMemorySystemClockMapFixture : ChangeTrackingMapFixture
{
    private readonly InMemoryMapStore _store = new();

    public override IChangeTrackingMap<TKey, TValue> OpenMap<TKey, TValue>(string name, ChangeTrackingMapOptions<TKey, TValue>? options = null)
        => _store.GetMap(name, options);
}

public sealed class InMemoryMapConformanceTests(InMemoryMapFixture fixture)
    : ChangeTrackingMapConformanceTests<InMemoryMapFixture>(fixture);

public sealed class InMemorySystemClockMapConformanceTests(InMemorySystemClockMapFixture fixture)
    : ChangeTrackingMapConformanceTests<InMemorySystemClockMapFixture>(fixture);
