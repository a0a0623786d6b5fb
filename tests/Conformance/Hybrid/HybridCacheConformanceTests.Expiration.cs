using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>Lifetimes: L1 lives LocalCacheExpiration ?? Expiration, never past the entry's L2 lifetime; 5 minutes by default.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    /// <summary>
    /// A node caches a value with <paramref name="entry"/> while another node (without backplane) writes a newer one to
    /// L2: the node keeps its L1 value at <paramref name="stillLocal"/> units and reads the newer one at <paramref name="expired"/>.
    /// </summary>
    private async Task AssertL1LifetimeAsync(Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryOptions entry, double stillLocal, double expired)
    {
        await using var node = Fixture.CreateNode(backplane: false);
        await using var writer = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        Assert.Equal("v1", await ReadAsync(node.Cache, key, "v1", entry));
        await writer.Cache.SetAsync(key, "newer", Entry(Units(20)), cancellationToken: Ct);

        await Fixture.AdvanceAsync(Units(stillLocal));
        Assert.Equal("v1", await ReadAsync(node.Cache, key, "factory", entry));
        await Fixture.AdvanceAsync(Units(expired - stillLocal));
        Assert.Equal("newer", await ReadAsync(node.Cache, key, "factory", entry));
    }

    [Fact]
    public virtual Task L1_lives_for_LocalCacheExpiration() => AssertL1LifetimeAsync(Entry(Units(20), local: Units(2)), stillLocal: 1, expired: 2.5);

    [Fact]
    public virtual Task L1_lives_for_Expiration_without_LocalCacheExpiration() => AssertL1LifetimeAsync(Entry(Units(3)), stillLocal: 1.5, expired: 3.5);

    [Fact]
    public virtual async Task L1_of_a_value_read_from_L2_ends_with_its_L2_lifetime()
    {
        await using var writer = Fixture.CreateNode(backplane: false);
        await using var reader = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        await writer.Cache.SetAsync(key, "v1", Entry(Units(4)), cancellationToken: Ct);

        await Fixture.AdvanceAsync(Units(2.5));
        Assert.Equal("v1", await ReadAsync(reader.Cache, key, "factory", Entry(Units(4))));
        await Fixture.AdvanceAsync(Units(2));

        // The reader's own Expiration would keep it until 6.5 units; the entry itself ended at 4.
        Assert.Equal("factory", await ReadAsync(reader.Cache, key, "factory", Entry(Units(4))));
    }

    [Fact]
    public virtual async Task The_default_expiration_is_five_minutes()
    {
        RequireCapability(Fixture.HasFakeClock, "Waiting five minutes needs a fake clock.");
        await using var node = Fixture.CreateNode(backplane: false);
        await using var other = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        var factory = Counting();
        await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct);

        await Fixture.AdvanceAsync(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal("v1", await other.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal("v2", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal(2, factory.Calls);
    }

    [Fact]
    public virtual async Task DefaultEntryOptions_apply_to_calls_without_options()
    {
        await using var node = Fixture.CreateNode(options => options.DefaultEntryOptions = Entry(Units(2)), backplane: false);
        var key = NewKey();
        var factory = Counting();
        await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct);

        await Fixture.AdvanceAsync(Units(1));
        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        await Fixture.AdvanceAsync(Units(1.5));

        Assert.Equal("v2", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
    }
}
