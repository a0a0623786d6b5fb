using Xunit;

namespace Adapters.Conformance.Maps;

public abstract partial class ChangeTrackingMapConformanceTests<TFixture>
{
    [Fact]
    public virtual async Task A_lease_is_exclusive_until_released()
    {
        var name = ConformanceFixture.UniqueName("lease");
        await using var first = OpenItems(name);
        await using var second = OpenItems(name);

        var lease = await first.TryAcquireLeaseAsync("g", Fixture.TimeUnit * 10, Ct);
        Assert.NotNull(lease);
        Assert.Null(await second.TryAcquireLeaseAsync("g", Fixture.TimeUnit * 10, Ct));
        Assert.NotNull(await second.TryAcquireLeaseAsync("other-group", Fixture.TimeUnit * 10, Ct));
        Assert.True(await first.RenewLeaseAsync(lease, Fixture.TimeUnit * 10, Ct));

        await first.ReleaseLeaseAsync(lease, Ct);

        Assert.NotNull(await second.TryAcquireLeaseAsync("g", Fixture.TimeUnit * 10, Ct));
        Assert.False(await first.RenewLeaseAsync(lease, Fixture.TimeUnit * 10, Ct));
    }

    [Fact]
    public virtual async Task An_expired_lease_can_be_taken_over_and_its_holder_is_fenced_out()
    {
        var name = ConformanceFixture.UniqueName("lease");
        await using var first = OpenItems(name);
        await using var second = OpenItems(name);
        await first.SetAsync("k", new ConformanceItem("k", 1), Ct);
        await PassQuietAsync();

        var stale = await first.TryAcquireLeaseAsync("g", Fixture.TimeUnit, Ct);
        Assert.NotNull(stale);
        var batch = await first.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        await Fixture.AdvanceAsync(Fixture.TimeUnit * 2);

        var current = await second.TryAcquireLeaseAsync("g", Fixture.TimeUnit * 10, Ct);
        Assert.NotNull(current);
        Assert.False(await first.RenewLeaseAsync(stale, Fixture.TimeUnit, Ct));
        Assert.False(await first.CommitAsync("g", batch.Checkpoint, batch.HighWaterMark, stale, Ct));
        Assert.False(await first.CommitAsync("g", batch.Checkpoint, batch.HighWaterMark, lease: null, Ct));
        Assert.True(await second.CommitAsync("g", batch.Checkpoint, batch.HighWaterMark, current, Ct));
    }
}
