using Microsoft.Extensions.Caching.Hybrid;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>
/// The conformance suite of <c>AdaptersHybridCache</c> over a provider's L2: the behaviours Microsoft's
/// <c>DefaultHybridCache</c> documents and tests, plus the adapters' extensions (backplane, fail-safe, eager refresh).
/// This part holds the helpers and the two levels.
/// </summary>
/// <typeparam name="TFixture">The provider's fixture.</typeparam>
public abstract partial class HybridCacheConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : HybridCacheFixture
{
    /// <summary>A key no other test uses.</summary>
    protected static string NewKey() => ConformanceFixture.UniqueName("hybrid");

    /// <summary><paramref name="count"/> units of the fixture's time.</summary>
    protected TimeSpan Units(double count) => Fixture.TimeUnit * count;

    /// <summary>Entry options with the given expirations and flags.</summary>
    protected static HybridCacheEntryOptions Entry(TimeSpan? expiration = null, TimeSpan? local = null, HybridCacheEntryFlags? flags = null)
        => new() { Expiration = expiration, LocalCacheExpiration = local, Flags = flags };

    /// <summary>Entry options with only <paramref name="flags"/>.</summary>
    protected static HybridCacheEntryOptions Flags(HybridCacheEntryFlags flags) => new() { Flags = flags };

    /// <summary>Reads <paramref name="key"/> through <paramref name="cache"/>, answering a miss with <paramref name="onMiss"/>.</summary>
    protected static ValueTask<T> ReadAsync<T>(HybridCache cache, string key, T onMiss, HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null)
        => cache.GetOrCreateAsync(key, _ => ValueTask.FromResult(onMiss), options, tags, Ct);

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="because"/> after 10 seconds.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because);
            }

            await Task.Delay(10, Ct).ConfigureAwait(false);
        }
    }

    /// <summary>A factory that counts its calls.</summary>
    protected sealed class CountingFactory<T>(Func<int, T> produce)
    {
        private int _calls;

        /// <summary>How many times the factory ran.</summary>
        public int Calls => Volatile.Read(ref _calls);

        /// <summary>The factory to pass to <c>GetOrCreateAsync</c>.</summary>
        public ValueTask<T> Invoke(CancellationToken cancellationToken) => ValueTask.FromResult(produce(Interlocked.Increment(ref _calls)));
    }

    /// <summary>A factory whose n-th call returns <c>"{prefix}{n}"</c>.</summary>
    protected static CountingFactory<string> Counting(string prefix = "v") => new(n => prefix + n);

    [Fact]
    public virtual async Task A_value_from_the_factory_is_cached_in_L1()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        var factory = Counting();

        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public virtual async Task A_value_from_the_factory_is_in_L2_for_a_second_node()
    {
        await using var first = Fixture.CreateNode();
        await using var second = Fixture.CreateNode();
        var key = NewKey();
        var factory = Counting();

        Assert.Equal("v1", await first.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.NotNull(await first.Distributed.GetAsync(key, Ct));
        Assert.Equal("v1", await second.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public virtual async Task The_buffer_API_of_the_L2_is_used_when_it_has_one()
    {
        CountingDistributedCache? counting = null;
        await using var node = Fixture.CreateNode(wrapDistributed: inner =>
        {
            RequireCapability(inner is Microsoft.Extensions.Caching.Distributed.IBufferDistributedCache, "The L2 does not implement IBufferDistributedCache.");
            return counting = new CountingDistributedCache((Microsoft.Extensions.Caching.Distributed.IBufferDistributedCache)inner);
        });
        await using var reader = Fixture.CreateNode();
        var key = NewKey();
        var cache = node.Cache;

        await node.Cache.SetAsync(key, "written", cancellationToken: Ct);
        Assert.Equal("written", await ReadAsync(cache, key, "factory", Flags(HybridCacheEntryFlags.DisableLocalCacheRead)));

        Assert.Equal(1, counting!.Count(key, "BufferSetAsync"));
        Assert.Equal(1, counting.Count(key, "BufferTryGetAsync"));
        Assert.Equal(0, counting.ArrayCalls(key));
        Assert.Equal("written", await ReadAsync(reader.Cache, key, "factory"));
    }
}
