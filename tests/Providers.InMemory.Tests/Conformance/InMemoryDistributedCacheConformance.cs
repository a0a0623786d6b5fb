using Adapters.Conformance;
using Adapters.Conformance.Caching;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.InMemory.Tests.Conformance;

public sealed class InMemoryDistributedCacheFixture : DistributedCacheFixture
{
    public InMemoryDistributedCacheFixture() => Cache = new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { TimeProvider = Clock });

    public override ManualTimeProvider Clock { get; } = new();

    public override IDistributedCache Cache { get; }
}

public sealed class InMemorySystemClockDistributedCacheFixture : DistributedCacheFixture
{
    public override IDistributedCache Cache { get; } = new InMemoryDistributedCache();
}

public sealed class InMemoryDistributedCacheConformanceTests(InMemoryDistributedCacheFixture fixture)
    : DistributedCacheConformanceTests<InMemoryDistributedCacheFixture>(fixture);

public sealed class InMemorySystemClockDistributedCacheConformanceTests(InMemorySystemClockDistributedCacheFixture fixture)
    : DistributedCacheConformanceTests<InMemorySystemClockDistributedCacheFixture>(fixture);
