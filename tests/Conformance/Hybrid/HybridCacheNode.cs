using Adapters.Hybrid;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.Conformance.Hybrid;

/// <summary>One application instance of a test: its container, its <see cref="HybridCache"/>, what it logged and measured.</summary>
public sealed class HybridCacheNode : IAsyncDisposable
{
    internal HybridCacheNode(ServiceProvider services, RecordingLoggerFactory logs, ScopedMeterFactory meters)
    {
        Services = services;
        Logs = logs;
        Meters = meters;
    }

    /// <summary>The node's container (disposed with the node).</summary>
    public ServiceProvider Services { get; }

    /// <summary>The cache as applications see it.</summary>
    public HybridCache Cache => Services.GetRequiredService<HybridCache>();

    /// <summary>The cache as its implementation type.</summary>
    public AdaptersHybridCache Adapters => Services.GetRequiredService<AdaptersHybridCache>();

    /// <summary>The node's L2 (the shared store, through any decorator of this node): raw reads and writes of payloads.</summary>
    public IDistributedCache Distributed => Services.GetRequiredService<IDistributedCache>();

    /// <summary>Everything the node's loggers received.</summary>
    public RecordingLoggerFactory Logs { get; }

    /// <summary>The node's own meter factory (its meters carry it as scope, so listeners can tell nodes apart).</summary>
    public ScopedMeterFactory Meters { get; }

    /// <summary>Disposes the container (and with it the cache) and the node's meters.</summary>
    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync().ConfigureAwait(false);
        Meters.Dispose();
    }
}
