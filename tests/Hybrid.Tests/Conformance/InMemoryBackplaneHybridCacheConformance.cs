using Adapters.Conformance.Hybrid;
using Adapters.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.Hybrid.Tests.Conformance;

/// <summary>The in-memory L2 on a fake clock with one <see cref="InMemoryHybridCacheBackplane"/> shared by every node.</summary>
public sealed class InMemoryBackplaneHybridCacheFixture : InMemoryHybridCacheFixture
{
    private readonly InMemoryHybridCacheBackplane _backplane = new();

    public override bool HasBackplane => true;

    public override void AddBackplane(IServiceCollection services)
    {
        services.AddSingleton(_backplane);
        services.AddAdaptersMemoryHybridBackplane();
    }
}

public sealed class InMemoryBackplaneHybridCacheConformanceTests(InMemoryBackplaneHybridCacheFixture fixture)
    : HybridCacheConformanceTests<InMemoryBackplaneHybridCacheFixture>(fixture);
