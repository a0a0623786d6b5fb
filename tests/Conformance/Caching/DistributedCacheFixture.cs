using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Conformance.Caching;

/// <summary>A provider's distributed cache under test. Tests use unique keys, so one cache serves them all.</summary>
public abstract class DistributedCacheFixture : ConformanceFixture
{
    /// <summary>The cache under test.</summary>
    public abstract IDistributedCache Cache { get; }

    /// <summary>Whether the cache also implements <see cref="IBufferDistributedCache"/> (a capability flag).</summary>
    public bool SupportsBuffers => Cache is IBufferDistributedCache;
}
