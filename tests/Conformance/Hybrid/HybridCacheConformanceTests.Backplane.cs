using Microsoft.Extensions.Caching.Hybrid;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>With a backplane, a node's writes evict the other nodes' L1 entries; a node ignores its own messages.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    private void RequireBackplane() => RequireCapability(Fixture.HasBackplane, "The fixture has no backplane.");

    [Fact]
    public virtual async Task A_SetAsync_on_one_node_reaches_the_next_read_of_another()
    {
        RequireBackplane();
        await using var writer = Fixture.CreateNode();
        await using var reader = Fixture.CreateNode();
        var key = NewKey();
        await ReadAsync(writer.Cache, key, "v1");
        Assert.Equal("v1", await ReadAsync(reader.Cache, key, "factory"));

        await writer.Cache.SetAsync(key, "v2", cancellationToken: Ct);

        await EventuallyAsync(async () => await ReadAsync(reader.Cache, key, "factory") == "v2", "The reader kept its L1 entry after another node's SetAsync.");
    }

    [Fact]
    public virtual async Task A_RemoveAsync_on_one_node_reaches_the_next_read_of_another()
    {
        RequireBackplane();
        await using var writer = Fixture.CreateNode();
        await using var reader = Fixture.CreateNode();
        var key = NewKey();
        await ReadAsync(writer.Cache, key, "v1");
        Assert.Equal("v1", await ReadAsync(reader.Cache, key, "factory"));

        await writer.Cache.RemoveAsync(key, Ct);

        await EventuallyAsync(async () => await ReadAsync(reader.Cache, key, "gone") == "gone", "The reader kept its L1 entry after another node's RemoveAsync.");
    }

    [Fact]
    public virtual async Task A_RemoveByTagAsync_on_one_node_reaches_the_next_read_of_another()
    {
        RequireBackplane();
        await using var writer = Fixture.CreateNode();
        await using var reader = Fixture.CreateNode();
        var (key, tag) = (NewKey(), NewKey());
        await ReadAsync(writer.Cache, key, "v1", tags: [tag]);
        Assert.Equal("v1", await ReadAsync(reader.Cache, key, "factory", tags: [tag]));
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await writer.Cache.RemoveByTagAsync(tag, Ct);

        await EventuallyAsync(async () => await ReadAsync(reader.Cache, key, "new", tags: [tag]) == "new", "The reader kept its L1 entry after another node invalidated its tag.");
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
