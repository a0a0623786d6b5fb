using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>Writes: SetAsync, RemoveAsync and tag invalidation reach both levels.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    [Fact]
    public virtual async Task SetAsync_writes_both_levels()
    {
        await using var node = Fixture.CreateNode();
        await using var other = Fixture.CreateNode();
        var key = NewKey();

        await node.Cache.SetAsync(key, "set", cancellationToken: Ct);

        Assert.Equal("set", await ReadAsync(node.Cache, key, "factory", Flags(Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryFlags.DisableDistributedCacheRead)));
        Assert.NotNull(await node.Distributed.GetAsync(key, Ct));
        Assert.Equal("set", await ReadAsync(other.Cache, key, "factory"));
    }

    [Fact]
    public virtual async Task SetAsync_replaces_a_cached_value()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        await ReadAsync(node.Cache, key, "old");

        await node.Cache.SetAsync(key, "new", cancellationToken: Ct);

        Assert.Equal("new", await ReadAsync(node.Cache, key, "factory"));
    }

    [Fact]
    public virtual async Task RemoveAsync_removes_a_key_from_both_levels()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        await ReadAsync(node.Cache, key, "old");

        await node.Cache.RemoveAsync(key, Ct);

        Assert.Null(await node.Distributed.GetAsync(key, Ct));
        Assert.Equal("factory", await ReadAsync(node.Cache, key, "factory"));
    }

    [Fact]
    public virtual async Task RemoveAsync_of_many_keys_removes_each_from_both_levels()
    {
        await using var node = Fixture.CreateNode();
        var (first, second, kept) = (NewKey(), NewKey(), NewKey());
        foreach (var key in new[] { first, second, kept })
        {
            await ReadAsync(node.Cache, key, "old");
        }

        await node.Cache.RemoveAsync([first, second], Ct);

        Assert.Null(await node.Distributed.GetAsync(first, Ct));
        Assert.Null(await node.Distributed.GetAsync(second, Ct));
        Assert.Equal("factory", await ReadAsync(node.Cache, first, "factory"));
        Assert.Equal("factory", await ReadAsync(node.Cache, second, "factory"));
        Assert.Equal("old", await ReadAsync(node.Cache, kept, "factory"));
    }

    [Fact]
    public virtual async Task RemoveByTagAsync_invalidates_exactly_the_entries_with_the_tag()
    {
        await using var node = Fixture.CreateNode();
        var (red, blue) = (NewKey(), NewKey());
        var (redKey, blueKey, bothKey, untagged) = (NewKey(), NewKey(), NewKey(), NewKey());
        await ReadAsync(node.Cache, redKey, "old", tags: [red]);
        await ReadAsync(node.Cache, blueKey, "old", tags: [blue]);
        await ReadAsync(node.Cache, bothKey, "old", tags: [blue, red]);
        await ReadAsync(node.Cache, untagged, "old");
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await node.Cache.RemoveByTagAsync(red, Ct);

        Assert.Equal("new", await ReadAsync(node.Cache, redKey, "new", tags: [red]));
        Assert.Equal("new", await ReadAsync(node.Cache, bothKey, "new", tags: [blue, red]));
        Assert.Equal("old", await ReadAsync(node.Cache, blueKey, "new", tags: [blue]));
        Assert.Equal("old", await ReadAsync(node.Cache, untagged, "new"));
    }

    [Fact]
    public virtual async Task RemoveByTagAsync_of_many_tags_invalidates_each()
    {
        await using var node = Fixture.CreateNode();
        var (red, blue, green) = (NewKey(), NewKey(), NewKey());
        var (redKey, blueKey, greenKey) = (NewKey(), NewKey(), NewKey());
        await ReadAsync(node.Cache, redKey, "old", tags: [red]);
        await ReadAsync(node.Cache, blueKey, "old", tags: [blue]);
        await ReadAsync(node.Cache, greenKey, "old", tags: [green]);
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await node.Cache.RemoveByTagAsync([red, blue], Ct);

        Assert.Equal("new", await ReadAsync(node.Cache, redKey, "new", tags: [red]));
        Assert.Equal("new", await ReadAsync(node.Cache, blueKey, "new", tags: [blue]));
        Assert.Equal("old", await ReadAsync(node.Cache, greenKey, "new", tags: [green]));
    }

    [Fact]
    public virtual async Task A_value_cached_after_its_tag_was_invalidated_is_kept()
    {
        await using var node = Fixture.CreateNode();
        var tag = NewKey();
        var key = NewKey();
        await node.Cache.RemoveByTagAsync(tag, Ct);
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        var factory = Counting();

        await node.Cache.GetOrCreateAsync(key, factory.Invoke, tags: [tag], cancellationToken: Ct);
        await node.Cache.GetOrCreateAsync(key, factory.Invoke, tags: [tag], cancellationToken: Ct);

        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public virtual async Task A_tag_invalidation_reaches_a_node_reading_the_entry_from_L2()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        await using var other = Fixture.CreateNode(backplane: false);
        var tag = NewKey();
        var key = NewKey();
        await ReadAsync(node.Cache, key, "old", tags: [tag]);
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await node.Cache.RemoveByTagAsync(tag, Ct);

        Assert.Equal("new", await ReadAsync(other.Cache, key, "new", tags: [tag]));
    }

    [Fact]
    public virtual async Task RemoveByTagAsync_of_the_wildcard_invalidates_every_entry()
    {
        await using var node = Fixture.CreateNode();
        var (tagged, untagged, readElsewhere) = (NewKey(), NewKey(), NewKey());
        await ReadAsync(node.Cache, tagged, "old", tags: [NewKey()]);
        await ReadAsync(node.Cache, untagged, "old");
        await ReadAsync(node.Cache, readElsewhere, "old");
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await node.Cache.RemoveByTagAsync("*", Ct);

        // Entries created in the very tick of an invalidation count as invalidated, so later tests need the clock to move.
        await Fixture.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal("new", await ReadAsync(node.Cache, tagged, "new"));
        Assert.Equal("new", await ReadAsync(node.Cache, untagged, "new"));
        await using var other = Fixture.CreateNode(backplane: false);
        Assert.Equal("other", await ReadAsync(other.Cache, readElsewhere, "other"));
    }
}
