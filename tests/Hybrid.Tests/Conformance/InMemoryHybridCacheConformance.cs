using Adapters.Compression;
using Adapters.Conformance;
using Adapters.Conformance.Hybrid;
using Adapters.InMemory;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.Hybrid.Tests.Conformance;

/// <summary>An <see cref="InMemoryDistributedCache"/> L2 on a fake clock shared with the cache.</summary>
public class InMemoryHybridCacheFixture : HybridCacheFixture
{
    private readonly InMemoryDistributedCache _store;

    public InMemoryHybridCacheFixture() => _store = new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { TimeProvider = Clock });

    public override ManualTimeProvider Clock { get; } = new();

    public override void AddDistributedCache(IServiceCollection services) => services.AddSingleton<IDistributedCache>(_store);
}

/// <summary>The same L2 on the system clock: the suite waits for real.</summary>
public sealed class InMemorySystemClockHybridCacheFixture : HybridCacheFixture
{
    private readonly InMemoryDistributedCache _store = new();

    public override void AddDistributedCache(IServiceCollection services) => services.AddSingleton<IDistributedCache>(_store);
}

/// <summary>Every L2 payload above 64 bytes compressed with zstd.</summary>
public sealed class CompressedInMemoryHybridCacheFixture : InMemoryHybridCacheFixture
{
    public override void ConfigureOptions(AdaptersHybridCacheOptions options)
    {
        options.Codec = CompressionCodecs.Zstd();
        options.CompressionThreshold = 64;
    }
}

public sealed class InMemoryHybridCacheConformanceTests(InMemoryHybridCacheFixture fixture)
    : HybridCacheConformanceTests<InMemoryHybridCacheFixture>(fixture);

public sealed class InMemorySystemClockHybridCacheConformanceTests(InMemorySystemClockHybridCacheFixture fixture)
    : HybridCacheConformanceTests<InMemorySystemClockHybridCacheFixture>(fixture);

public sealed class CompressedInMemoryHybridCacheConformanceTests(CompressedInMemoryHybridCacheFixture fixture)
    : HybridCacheConformanceTests<CompressedInMemoryHybridCacheFixture>(fixture);
