using Adapters.Conformance;
using Adapters.Conformance.Hybrid;
using Adapters.InMemory;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Adapters.Hybrid.Tests;

/// <summary>
/// A backplane that cannot subscribe: the cache keeps answering from L2 and the factory, writes nothing to L1 (it could
/// not hear invalidations), and retries the subscription only after a delay rather than on every call.
/// </summary>
public sealed class BackplaneFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_subscription_reads_skip_L1_and_the_subscription_is_retried_after_the_delay()
    {
        var clock = new ManualTimeProvider();
        var store = new CountingDistributedCache(new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { TimeProvider = clock }));
        var backplane = new UnreachableBackplane();
        var services = new ServiceCollection();
        services.AddSingleton<IDistributedCache>(store);
        services.AddSingleton<IHybridCacheBackplane>(backplane);
        services.AddSingleton<TimeProvider>(clock);
        services.AddAdaptersHybridCache();
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<HybridCache>();

        Assert.Equal("v1", await cache.GetOrCreateAsync("key", _ => ValueTask.FromResult("v1"), cancellationToken: Ct));
        Assert.Equal("v1", await cache.GetOrCreateAsync("key", _ => ValueTask.FromResult("factory ran again"), cancellationToken: Ct));
        Assert.Equal("v1", await cache.GetOrCreateAsync("key", _ => ValueTask.FromResult("factory ran again"), cancellationToken: Ct));

        // Both later reads went to L2 (nothing was cached in L1), and only the first call tried to subscribe.
        Assert.Equal(3, store.Count("key", "BufferTryGetAsync"));
        Assert.Equal(1, backplane.Attempts);

        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("v1", await cache.GetOrCreateAsync("key", _ => ValueTask.FromResult("factory ran again"), cancellationToken: Ct));
        Assert.Equal(2, backplane.Attempts);
    }

    private sealed class UnreachableBackplane : IHybridCacheBackplane
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public ValueTask PublishAsync(HybridCacheInvalidation invalidation, CancellationToken cancellationToken = default)
            => ValueTask.FromException(new StoreUnavailableException("unreachable") { Operation = "publish" });

        public ValueTask<IAsyncDisposable> SubscribeAsync(Action<HybridCacheInvalidation> handler, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _attempts);
            return ValueTask.FromException<IAsyncDisposable>(new StoreUnavailableException("unreachable") { Operation = "subscribe" });
        }
    }
}
