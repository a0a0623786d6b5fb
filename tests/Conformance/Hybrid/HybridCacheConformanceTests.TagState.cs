using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>How tag invalidation times converge without a backplane, how long they (and tagged entries) live, and the keyed L2.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    [Fact]
    public virtual async Task A_node_that_missed_a_tag_invalidation_converges_after_TagRefreshInterval()
    {
        await using var writer = Fixture.CreateNode(backplane: false);
        await using var reader = Fixture.CreateNode(options => options.TagRefreshInterval = Units(4), backplane: false);
        var (tag, key) = (NewKey(), NewKey());
        Assert.Equal("old", await ReadAsync(reader.Cache, key, "old", tags: [tag]));

        // The L1 hit reads the tag's invalidation time (none yet) from L2: from now on the reader trusts it.
        Assert.Equal("old", await ReadAsync(reader.Cache, key, "new", tags: [tag]));
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await writer.Cache.RemoveByTagAsync(tag, Ct);

        // Without a message, the reader trusts the tag time it read for the interval, then reads it again from L2.
        Assert.Equal("old", await ReadAsync(reader.Cache, key, "new", tags: [tag]));
        await Fixture.AdvanceAsync(Units(5));
        Assert.Equal("new", await ReadAsync(reader.Cache, key, "new", tags: [tag]));
    }

    [Fact]
    public virtual async Task Tagged_entries_live_in_L2_no_longer_than_TagRetention()
    {
        await using var node = Fixture.CreateNode(options => options.TagRetention = Units(2));
        var (tagged, untagged) = (NewKey(), NewKey());
        var hour = Entry(expiration: TimeSpan.FromHours(1));
        await node.Cache.SetAsync(tagged, "v", hour, [NewKey()], Ct);
        await node.Cache.SetAsync(untagged, "v", hour, cancellationToken: Ct);

        await Fixture.AdvanceAsync(Units(3));

        // A tagged entry must not outlive the record that could invalidate it; an untagged one keeps its expiration.
        Assert.Null(await node.Distributed.GetAsync(tagged, Ct));
        Assert.NotNull(await node.Distributed.GetAsync(untagged, Ct));
    }

    [Fact]
    public virtual async Task DistributedCacheServiceKey_makes_the_keyed_L2_the_one_used()
    {
        CountingDistributedCache? keyed = null;
        await using var node = Fixture.CreateNode(
            options => options.DistributedCacheServiceKey = "second-level",
            services: services => services.AddKeyedSingleton<IDistributedCache>("second-level", (provider, _) =>
                keyed = new CountingDistributedCache((IBufferDistributedCache)provider.GetRequiredService<IDistributedCache>())));
        var key = NewKey();

        Assert.Equal("v", await ReadAsync(node.Cache, key, "v", Flags(Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryFlags.DisableLocalCache)));

        Assert.NotNull(keyed);
        Assert.True(keyed.BufferCalls(key) >= 2, "The read and the write of the value did not go through the keyed L2.");
    }

    [Fact]
    public virtual async Task A_DistributedCacheServiceKey_nothing_is_registered_under_is_refused()
    {
        await using var node = Fixture.CreateNode(options => options.DistributedCacheServiceKey = "missing");

        var error = Assert.Throws<ArgumentException>(() => node.Cache);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }
}
