using System.Diagnostics.Metrics;

namespace Adapters.Hybrid;

/// <summary>
/// The instruments of <see cref="AdaptersHybridCache"/> on the meter <see cref="MeterName"/>: L1 and L2 hits and misses,
/// factory calls, stale values served, and backplane messages sent and received.
/// </summary>
public sealed class AdaptersHybridCacheMetrics
{
    /// <summary>The meter name to listen to (OpenTelemetry <c>AddMeter</c>, <c>dotnet-counters</c>).</summary>
    public const string MeterName = "Adapters.Hybrid";

    private readonly Counter<long> _localHits;
    private readonly Counter<long> _localMisses;
    private readonly Counter<long> _distributedHits;
    private readonly Counter<long> _distributedMisses;
    private readonly Counter<long> _factoryCalls;
    private readonly Counter<long> _staleServed;
    private readonly Counter<long> _backplaneSent;
    private readonly Counter<long> _backplaneReceived;

    /// <summary>Creates the instruments on <paramref name="meter"/>.</summary>
    public AdaptersHybridCacheMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _localHits = meter.CreateCounter<long>("adapters.hybrid.l1.hits", description: "Reads answered by the in-process cache.");
        _localMisses = meter.CreateCounter<long>("adapters.hybrid.l1.misses", description: "Reads the in-process cache could not answer.");
        _distributedHits = meter.CreateCounter<long>("adapters.hybrid.l2.hits", description: "Reads answered by the distributed cache.");
        _distributedMisses = meter.CreateCounter<long>("adapters.hybrid.l2.misses", description: "Reads the distributed cache could not answer.");
        _factoryCalls = meter.CreateCounter<long>("adapters.hybrid.factory.calls", description: "Calls of the underlying data factory.");
        _staleServed = meter.CreateCounter<long>("adapters.hybrid.failsafe.served", description: "Stale values served because the factory failed or was slow.");
        _backplaneSent = meter.CreateCounter<long>("adapters.hybrid.backplane.sent", description: "Invalidations published to other nodes.");
        _backplaneReceived = meter.CreateCounter<long>("adapters.hybrid.backplane.received", description: "Invalidations received from other nodes.");
    }

    internal void LocalHit() => _localHits.Add(1);

    internal void LocalMiss() => _localMisses.Add(1);

    internal void DistributedHit() => _distributedHits.Add(1);

    internal void DistributedMiss() => _distributedMisses.Add(1);

    internal void FactoryCall() => _factoryCalls.Add(1);

    internal void StaleServed() => _staleServed.Add(1);

    internal void BackplaneSent() => _backplaneSent.Add(1);

    internal void BackplaneReceived() => _backplaneReceived.Add(1);
}
