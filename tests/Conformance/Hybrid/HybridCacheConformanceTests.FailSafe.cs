using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>Fail-safe (the last value answers a failing or slow factory) and eager refresh.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    private static ValueTask<string> Failing(CancellationToken cancellationToken) => throw new InvalidDataException("the source is down");

    [Fact]
    public virtual async Task Without_fail_safe_a_failing_factory_after_expiry_throws()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        await ReadAsync(node.Cache, key, "last", Entry(Units(1)));
        await Fixture.AdvanceAsync(Units(1.5));

        await Assert.ThrowsAsync<InvalidDataException>(async () => await node.Cache.GetOrCreateAsync(key, Failing, Entry(Units(1)), cancellationToken: Ct));
    }

    [Fact]
    public virtual async Task Fail_safe_serves_the_last_value_when_the_factory_fails_within_FailSafeMaxDuration()
    {
        await using var node = Fixture.CreateNode(options =>
        {
            options.FailSafe = true;
            options.FailSafeMaxDuration = Units(4);
        }, backplane: false);
        var key = NewKey();
        await ReadAsync(node.Cache, key, "last", Entry(Units(1)));
        await Fixture.AdvanceAsync(Units(1.5));

        Assert.Equal("last", await node.Cache.GetOrCreateAsync(key, Failing, Entry(Units(1)), cancellationToken: Ct));
        Assert.Contains(node.Logs.Warnings, entry => entry.Exception is InvalidDataException);
    }

    [Fact]
    public virtual async Task Fail_safe_serves_the_last_value_from_L2_on_another_node()
    {
        await using var writer = Fixture.CreateNode(options => options.FailSafe = true, backplane: false);
        await using var reader = Fixture.CreateNode(options => options.FailSafe = true, backplane: false);
        var key = NewKey();
        await ReadAsync(writer.Cache, key, "last", Entry(Units(1)));
        await Fixture.AdvanceAsync(Units(1.5));

        Assert.Equal("last", await reader.Cache.GetOrCreateAsync(key, Failing, Entry(Units(1)), cancellationToken: Ct));
    }

    [Fact]
    public virtual async Task Fail_safe_throws_past_FailSafeMaxDuration()
    {
        await using var node = Fixture.CreateNode(options =>
        {
            options.FailSafe = true;
            options.FailSafeMaxDuration = Units(2);
        }, backplane: false);
        var key = NewKey();
        await ReadAsync(node.Cache, key, "last", Entry(Units(1)));
        await Fixture.AdvanceAsync(Units(3.5));

        await Assert.ThrowsAsync<InvalidDataException>(async () => await node.Cache.GetOrCreateAsync(key, Failing, Entry(Units(1)), cancellationToken: Ct));
    }

    [Fact]
    public virtual async Task FactorySoftTimeout_serves_the_stale_value_and_the_slow_factory_lands_afterwards()
    {
        await using var node = Fixture.CreateNode(options =>
        {
            options.FailSafe = true;
            options.FailSafeMaxDuration = Units(100);
            options.FactorySoftTimeout = Units(1);
        }, backplane: false);
        var key = NewKey();
        await ReadAsync(node.Cache, key, "stale", Entry(Units(1)));
        await Fixture.AdvanceAsync(Units(1.5));
        var slow = new GatedFactory<string>();

        var call = node.Cache.GetOrCreateAsync(key, slow.Invoke, Entry(Units(10)), cancellationToken: Ct).AsTask();
        await slow.Started.WaitAsync(Ct);
        for (var waited = 0; !call.IsCompleted && waited < 10; waited++)
        {
            await Fixture.AdvanceAsync(Units(1));
        }

        Assert.Equal("stale", await call.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        slow.Release("fresh");
        // Polls with a failing factory: until the slow value lands they are answered with the stale one, never cache their own.
        await EventuallyAsync(async () => await node.Cache.GetOrCreateAsync(key, Failing, Entry(Units(10)), cancellationToken: Ct) == "fresh", "The slow factory's value never landed.");
        Assert.Equal(1, slow.Calls);
    }

    [Fact]
    public virtual async Task A_hit_past_EagerRefreshThreshold_returns_the_current_value_and_refreshes_once_in_the_background()
    {
        await using var node = Fixture.CreateNode(options => options.EagerRefreshThreshold = 0.5, backplane: false);
        var key = NewKey();
        await ReadAsync(node.Cache, key, "current", Entry(Units(8)));
        await Fixture.AdvanceAsync(Units(1));
        var refresh = new GatedFactory<string>();

        Assert.Equal("current", await node.Cache.GetOrCreateAsync(key, refresh.Invoke, Entry(Units(8)), cancellationToken: Ct));
        Assert.Equal(0, refresh.Calls);
        await Fixture.AdvanceAsync(Units(3.5));

        for (var hit = 0; hit < 3; hit++)
        {
            Assert.Equal("current", await node.Cache.GetOrCreateAsync(key, refresh.Invoke, Entry(Units(8)), cancellationToken: Ct));
        }

        await refresh.Started.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        refresh.Release("refreshed");
        await EventuallyAsync(async () => await ReadAsync(node.Cache, key, "factory", Entry(Units(8))) == "refreshed", "The background refresh never landed.");
        Assert.Equal(1, refresh.Calls);
    }
}
