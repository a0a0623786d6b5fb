using Microsoft.Extensions.Caching.Hybrid;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>Keys and tags: unusable keys bypass the cache, unusable tags are refused.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    /// <summary>Keys the cache must not store: empty, whitespace, longer than 32 (the tests' maximum), control characters.</summary>
    public static TheoryData<string> InvalidKeys => new()
    {
        "",
        "   ",
        "\t",
        new string('k', 33),
        "a\u0001b",
        "line\nbreak",
        "del\u007f",
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public virtual async Task An_invalid_key_bypasses_the_cache_and_calls_the_factory_every_time(string key)
    {
        await using var node = Fixture.CreateNode(options => options.MaximumKeyLength = 32);
        var factory = Counting();

        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal("v2", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        await node.Cache.SetAsync(key, "set", cancellationToken: Ct);
        Assert.Equal("v3", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal(3, factory.Calls);
    }

    [Fact]
    public virtual async Task A_key_of_exactly_the_maximum_length_is_cached()
    {
        await using var node = Fixture.CreateNode(options => options.MaximumKeyLength = 64);
        var key = NewKey().PadRight(64, 'x');
        var factory = Counting();

        await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct);
        await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct);

        Assert.Equal(1, factory.Calls);
        Assert.NotNull(await node.Distributed.GetAsync(key, Ct));
    }

    [Fact]
    public virtual async Task An_invalid_key_with_DisableUnderlyingData_returns_default_without_the_factory()
    {
        await using var node = Fixture.CreateNode();
        var factory = Counting();

        Assert.Null(await node.Cache.GetOrCreateAsync("", factory.Invoke, Flags(HybridCacheEntryFlags.DisableUnderlyingData), cancellationToken: Ct));
        Assert.Equal(0, factory.Calls);
    }

    [Fact]
    public virtual async Task A_null_key_throws_ArgumentNullException()
    {
        await using var node = Fixture.CreateNode();
        var cache = node.Cache;

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await cache.GetOrCreateAsync(null!, _ => ValueTask.FromResult(1), cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await cache.SetAsync(null!, 1, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await cache.RemoveAsync((string)null!, Ct));
    }

    /// <summary>Tags no call may use: null, empty, whitespace.</summary>
    public static TheoryData<string?> InvalidTags => new() { null!, "", " ", "\t" };

    [Theory]
    [MemberData(nameof(InvalidTags))]
    public virtual async Task RemoveByTag_refuses_an_invalid_tag(string? tag)
    {
        await using var node = Fixture.CreateNode();
        var cache = node.Cache;

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await cache.RemoveByTagAsync(tag!, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await cache.RemoveByTagAsync(["valid", tag!], Ct));
    }

    [Theory]
    [MemberData(nameof(InvalidTags))]
    [InlineData("*")]
    public virtual async Task An_entry_refuses_an_invalid_tag(string? tag)
    {
        await using var node = Fixture.CreateNode();
        var cache = node.Cache;
        var key = NewKey();
        var factory = Counting();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await cache.GetOrCreateAsync(key, factory.Invoke, tags: ["valid", tag!], cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await cache.SetAsync(key, "value", tags: [tag!], cancellationToken: Ct));
        Assert.Equal(0, factory.Calls);
        Assert.Null(await node.Distributed.GetAsync(key, Ct));
    }
}
