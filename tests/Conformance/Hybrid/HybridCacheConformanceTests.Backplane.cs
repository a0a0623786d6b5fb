using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>With a backplane, a node's writes evict the other nodes' L1 entries; a node ignores its own messages.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    private void RequireBackplane() => RequireCapability(Fixture.HasBackplane, "The fixture has no backplane.");

    /// <summary>
    /// Two nodes cache one value (tagged with <paramref name="tag"/> if given); <paramref name="change"/> runs on the
    /// first (with the key); the second's next reads, answering a miss with <c>"refetched"</c>, must come to <paramref name="expected"/>.
    /// </summary>
    private async Task AssertAnotherNodeSeesAsync(Func<HybridCache, string, ValueTask> change, string expected, string because, string? tag = null)
    {
        RequireBackplane();
        await using var writer = Fixture.CreateNode();
        await using var reader = Fixture.CreateNode();
        var key = NewKey();
        string[]? tags = tag is null ? null : [tag];
        await ReadAsync(writer.Cache, key, "v1", tags: tags);
        Assert.Equal("v1", await ReadAsync(reader.Cache, key, "factory", tags: tags));
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await change(writer.Cache, key);

        await EventuallyAsync(async () => await ReadAsync(reader.Cache, key, "refetched", tags: tags) == expected, because);
    }

    [Fact]
    public virtual Task A_SetAsync_on_one_node_reaches_the_next_read_of_another()
        => AssertAnotherNodeSeesAsync((cache, key) => cache.SetAsync(key, "v2", cancellationToken: Ct), "v2", "The reader kept its L1 entry after another node's SetAsync.");

    [Fact]
    public virtual Task A_RemoveAsync_on_one_node_reaches_the_next_read_of_another()
        => AssertAnotherNodeSeesAsync((cache, key) => cache.RemoveAsync(key, Ct), "refetched", "The reader kept its L1 entry after another node's RemoveAsync.");

    [Fact]
    public virtual Task A_RemoveByTagAsync_on_one_node_reaches_the_next_read_of_another()
    {
        var tag = NewKey();
        return AssertAnotherNodeSeesAsync((cache, _) => cache.RemoveByTagAsync(tag, Ct), "refetched", "The reader kept its L1 entry after another node invalidated its tag.", tag);
    }

    [Fact]
    public virtual Task A_RemoveByTagAsync_of_the_wildcard_on_one_node_reaches_the_next_read_of_another()
        => AssertAnotherNodeSeesAsync(async (cache, _) =>
        {
            await cache.RemoveByTagAsync("*", Ct);

            // Entries created in the very tick of an invalidation count as invalidated, so the reader's refetch needs the clock to move.
            await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        }, "refetched", "The reader kept its L1 entry after another node invalidated every entry.");

    [Fact]
    public virtual async Task A_lost_messages_notice_flushes_the_L1_of_every_other_node()
    {
        RequireBackplane();
        await using var reader = Fixture.CreateNode();
        var key = NewKey();
        await ReadAsync(reader.Cache, key, "v1", Flags(HybridCacheEntryFlags.DisableDistributedCache));

        await reader.Services.GetRequiredService<IHybridCacheBackplane>().PublishAsync(HybridCacheInvalidation.Everything(NewKey()), Ct);

        await EventuallyAsync(async () => await ReadAsync(reader.Cache, key, "refetched", Flags(HybridCacheEntryFlags.DisableDistributedCache)) == "refetched", "The reader kept its L1 entry after a lost-messages notice.");
    }

    [Fact]
    public virtual async Task A_node_skips_its_own_backplane_messages()
    {
        RequireBackplane();
        await using var self = Fixture.CreateNode();
        await using var other = Fixture.CreateNode();
        var (key, marker) = (NewKey(), NewKey());
        var localOnly = Flags(HybridCacheEntryFlags.DisableDistributedCache);
        await ReadAsync(other.Cache, key, "other", localOnly);
        await ReadAsync(self.Cache, marker, "self", localOnly);

        // Its own L1-only write: were the node to act on its own message, it would evict what it just wrote.
        await self.Cache.SetAsync(key, "mine", Flags(HybridCacheEntryFlags.DisableDistributedCacheWrite), cancellationToken: Ct);
        await EventuallyAsync(async () => await ReadAsync(other.Cache, key, "evicted", localOnly) == "evicted", "The other node never received the message.");

        // A later message from the other node reaching this node means its own earlier one had its chance too.
        await other.Cache.SetAsync(marker, "marker", Flags(HybridCacheEntryFlags.DisableDistributedCacheWrite), cancellationToken: Ct);
        await EventuallyAsync(async () => await ReadAsync(self.Cache, marker, "evicted", localOnly) == "evicted", "This node never received the other node's message.");
        Assert.Equal("mine", await ReadAsync(self.Cache, key, "factory", localOnly));
    }
}
