using Microsoft.Extensions.Caching.Distributed;
using Xunit;

namespace Adapters.Conformance.Caching;

public abstract partial class DistributedCacheConformanceTests<TFixture>
{
    /// <summary>The unit the expiration tests count in.</summary>
    protected TimeSpan Unit => Fixture.TimeUnit;

    [Fact]
    public virtual void A_relative_expiration_of_zero_or_less_is_rejected_with_Microsofts_message()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.Zero });
        Assert.Equal("AbsoluteExpirationRelativeToNow", error.ParamName);
        Assert.StartsWith("The relative expiration value must be positive.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public virtual void A_sliding_expiration_of_zero_or_less_is_rejected_with_Microsofts_message()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(-1) });
        Assert.Equal("SlidingExpiration", error.ParamName);
        Assert.StartsWith("The sliding expiration value must be positive.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public virtual async Task An_absolute_expiration_in_the_past_is_rejected()
    {
        var key = NewKey();
        var past = (Fixture.Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow) - TimeSpan.FromSeconds(1);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Cache.SetAsync(key, [1], new DistributedCacheEntryOptions { AbsoluteExpiration = past }, Ct));

        Assert.Equal("AbsoluteExpiration", error.ParamName);
        Assert.StartsWith("The absolute expiration value must be in the future.", error.Message, StringComparison.Ordinal);
        Assert.Null(await Cache.GetAsync(key, Ct));
    }

    [Fact]
    public virtual async Task An_absolute_expiration_expires_the_entry()
    {
        var key = NewKey();
        var now = Fixture.Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        await Cache.SetAsync(key, [1], new DistributedCacheEntryOptions { AbsoluteExpiration = now + (Unit * 4) }, Ct);

        await Fixture.AdvanceAsync(Unit);
        Assert.NotNull(await Cache.GetAsync(key, Ct));

        await Fixture.AdvanceAsync(Unit * 4);
        Assert.Null(await Cache.GetAsync(key, Ct));
    }

    [Fact]
    public virtual async Task A_relative_expiration_expires_the_entry()
    {
        var key = NewKey();
        await Cache.SetAsync(key, [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Unit * 4 }, Ct);

        await Fixture.AdvanceAsync(Unit);
        Assert.NotNull(await Cache.GetAsync(key, Ct));

        await Fixture.AdvanceAsync(Unit * 4);
        Assert.Null(await Cache.GetAsync(key, Ct));
    }

    [Fact]
    public virtual async Task Reads_slide_a_sliding_expiration()
    {
        var key = NewKey();
        await Cache.SetAsync(key, [1], new DistributedCacheEntryOptions { SlidingExpiration = Unit * 4 }, Ct);

        for (var i = 0; i < 4; i++)
        {
            await Fixture.AdvanceAsync(Unit * 2);
            Assert.NotNull(await Cache.GetAsync(key, Ct));
        }

        await Fixture.AdvanceAsync(Unit * 6);
        Assert.Null(await Cache.GetAsync(key, Ct));
    }

    [Fact]
    public virtual async Task Refresh_slides_without_reading()
    {
        var key = NewKey();
        await Cache.SetAsync(key, [1], new DistributedCacheEntryOptions { SlidingExpiration = Unit * 4 }, Ct);

        for (var i = 0; i < 3; i++)
        {
            await Fixture.AdvanceAsync(Unit * 2);
            if (i % 2 == 0)
            {
                await Cache.RefreshAsync(key, Ct);
            }
            else
            {
                Cache.Refresh(key);
            }
        }

        Assert.NotNull(await Cache.GetAsync(key, Ct));
        await Cache.RefreshAsync(NewKey(), Ct);
    }

    [Fact]
    public virtual async Task A_sliding_expiration_is_capped_by_the_absolute_one()
    {
        var key = NewKey();
        await Cache.SetAsync(key, [1], new DistributedCacheEntryOptions { SlidingExpiration = Unit * 4, AbsoluteExpirationRelativeToNow = Unit * 7 }, Ct);

        for (var i = 0; i < 2; i++)
        {
            await Fixture.AdvanceAsync(Unit * 2);
            Assert.NotNull(await Cache.GetAsync(key, Ct));
        }

        await Fixture.AdvanceAsync(Unit * 2);
        await Cache.RefreshAsync(key, Ct);
        await Fixture.AdvanceAsync(Unit * 2);
        Assert.Null(await Cache.GetAsync(key, Ct));
    }

    [Fact]
    public virtual async Task Overwriting_replaces_the_value_and_the_expiration()
    {
        var shortThenLong = NewKey();
        await Cache.SetAsync(shortThenLong, [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Unit * 2 }, Ct);
        await Cache.SetAsync(shortThenLong, [2], new DistributedCacheEntryOptions(), Ct);

        var longThenShort = NewKey();
        await Cache.SetAsync(longThenShort, [1], new DistributedCacheEntryOptions(), Ct);
        await Cache.SetAsync(longThenShort, [2], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Unit * 2 }, Ct);

        await Fixture.AdvanceAsync(Unit * 4);

        Assert.Equal([2], await Cache.GetAsync(shortThenLong, Ct));
        Assert.Null(await Cache.GetAsync(longThenShort, Ct));
    }
}
