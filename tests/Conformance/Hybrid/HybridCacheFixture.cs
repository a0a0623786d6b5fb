using Adapters.Hybrid;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Adapters.Conformance.Hybrid;

/// <summary>
/// A provider's L2 (and optionally its backplane) under an <see cref="AdaptersHybridCache"/>. Every node the fixture
/// builds shares the same L2, so a value one node writes is visible to the others; tests use unique keys.
/// </summary>
public abstract class HybridCacheFixture : ConformanceFixture
{
    /// <summary>Registers the provider's <see cref="IDistributedCache"/>: the same store for every node.</summary>
    public abstract void AddDistributedCache(IServiceCollection services);

    /// <summary>Whether <see cref="AddBackplane"/> registers an <see cref="IHybridCacheBackplane"/> (a capability flag).</summary>
    public virtual bool HasBackplane => false;

    /// <summary>Registers the provider's backplane, shared by every node (only called when <see cref="HasBackplane"/>).</summary>
    public virtual void AddBackplane(IServiceCollection services)
        => throw new NotSupportedException("This fixture has no backplane; override HasBackplane and AddBackplane to supply one.");

    /// <summary>Adjusts every node's options before the test's own configuration (e.g. a compression codec).</summary>
    public virtual void ConfigureOptions(AdaptersHybridCacheOptions options)
    {
    }

    /// <summary>
    /// Builds a node: a service collection with the provider's L2 (wrapped by <paramref name="wrapDistributed"/> if
    /// given), the backplane (when the fixture has one and <paramref name="backplane"/> holds), the fake clock as
    /// <see cref="TimeProvider"/>, a recording logger, a private meter factory, and <c>AddAdaptersHybridCache</c>.
    /// </summary>
    /// <param name="configure">Options of the cache, applied after <see cref="ConfigureOptions"/>.</param>
    /// <param name="build">Further registrations through the cache's builder (serializers, compression).</param>
    /// <param name="wrapDistributed">A decorator around the provider's L2 for this node only.</param>
    /// <param name="backplane">Whether this node joins the fixture's backplane.</param>
    /// <param name="services">Any further registrations.</param>
    public HybridCacheNode CreateNode(
        Action<AdaptersHybridCacheOptions>? configure = null,
        Action<AdaptersHybridCacheBuilder>? build = null,
        Func<IDistributedCache, IDistributedCache>? wrapDistributed = null,
        bool backplane = true,
        Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        AddDistributedCache(collection);
        if (wrapDistributed is not null)
        {
            Decorate(collection, wrapDistributed);
        }

        if (backplane && HasBackplane)
        {
            AddBackplane(collection);
        }

        if (Clock is { } clock)
        {
            collection.AddSingleton<TimeProvider>(clock);
        }

        var logs = new RecordingLoggerFactory();
        var meters = new ScopedMeterFactory();
        collection.AddSingleton<ILoggerFactory>(logs);
        collection.AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(meters);
        var builder = collection.AddAdaptersHybridCache(options =>
        {
            ConfigureOptions(options);
            configure?.Invoke(options);
        });
        build?.Invoke(builder);
        services?.Invoke(collection);
        return new HybridCacheNode(collection.BuildServiceProvider(), logs, meters);
    }

    /// <summary>Replaces the last unkeyed <see cref="IDistributedCache"/> registration with <paramref name="wrap"/> around it.</summary>
    private static void Decorate(IServiceCollection services, Func<IDistributedCache, IDistributedCache> wrap)
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IDistributedCache) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("AddDistributedCache registered no IDistributedCache.");
        services.Remove(descriptor);
        services.AddSingleton(provider => wrap((IDistributedCache)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!))));
    }
}
