using Microsoft.Extensions.Caching.Distributed;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>The self-describing L2 payload: anything but a payload written for this key is a miss; L2 failures are invisible.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    /// <summary>Writes <paramref name="bytes"/> into the L2 under <paramref name="key"/>, bypassing the cache.</summary>
    private Task WriteRawAsync(HybridCacheNode node, string key, byte[] bytes)
        => node.Distributed.SetAsync(key, bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) }, Ct);

    /// <summary>The raw L2 payload of a value the cache wrote under a new key.</summary>
    private async Task<(string Key, byte[] Payload)> WrittenPayloadAsync(HybridCacheNode node, string value)
    {
        var key = NewKey();
        await node.Cache.SetAsync(key, value, cancellationToken: Ct);
        var payload = await node.Distributed.GetAsync(key, Ct);
        Assert.NotNull(payload);
        return (key, payload);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(4096)]
    public virtual async Task Garbage_bytes_in_L2_are_a_miss(int length)
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        var garbage = new byte[length];
        new Random(length).NextBytes(garbage);
        await WriteRawAsync(node, key, garbage);

        Assert.Equal("factory", await ReadAsync(node.Cache, key, "factory"));
    }

    [Fact]
    public virtual async Task A_value_stored_in_L2_by_someone_else_is_a_miss()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        await WriteRawAsync(node, key, "\"plain json\""u8.ToArray());

        Assert.Equal("factory", await ReadAsync(node.Cache, key, "factory"));
    }

    [Fact]
    public virtual async Task A_truncated_payload_is_a_miss()
    {
        await using var writer = Fixture.CreateNode();
        var (key, payload) = await WrittenPayloadAsync(writer, "a value long enough to be cut " + Guid.NewGuid());
        await using var reader = Fixture.CreateNode();

        foreach (var length in new[] { payload.Length - 1, payload.Length / 2, 3 })
        {
            await WriteRawAsync(reader, key, payload[..length]);
            Assert.Equal("factory", await ReadAsync(reader.Cache, key, "factory", Flags(Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryFlags.DisableLocalCache)));
        }
    }

    [Fact]
    public virtual async Task A_payload_copied_under_another_key_is_a_miss()
    {
        await using var writer = Fixture.CreateNode();
        var (key, payload) = await WrittenPayloadAsync(writer, "belongs to its own key");
        await using var reader = Fixture.CreateNode();
        var copy = NewKey();

        await WriteRawAsync(reader, copy, payload);

        Assert.Equal("factory", await ReadAsync(reader.Cache, copy, "factory"));
        Assert.Equal("belongs to its own key", await ReadAsync(reader.Cache, key, "factory"));
    }

    [Fact]
    public virtual async Task A_payload_over_the_readers_MaximumPayloadBytes_is_a_miss()
    {
        await using var writer = Fixture.CreateNode();
        var (key, _) = await WrittenPayloadAsync(writer, new string('x', 4096));
        await using var reader = Fixture.CreateNode(options => options.MaximumPayloadBytes = 1024);

        Assert.Equal("factory", await ReadAsync(reader.Cache, key, "factory"));
    }

    [Fact]
    public virtual async Task A_payload_that_does_not_deserialize_as_the_type_is_a_logged_miss()
    {
        await using var writer = Fixture.CreateNode();
        var (key, _) = await WrittenPayloadAsync(writer, "not a number");
        await using var reader = Fixture.CreateNode();

        Assert.Equal(42, await ReadAsync(reader.Cache, key, 42));
        Assert.Contains(reader.Logs.Warnings, entry => entry.Message.Contains(key, StringComparison.Ordinal) && entry.Exception is not null);
    }

    [Fact]
    public virtual async Task L2_read_failures_are_logged_and_answered_by_the_factory()
    {
        FailingDistributedCache? failing = null;
        await using var node = Fixture.CreateNode(wrapDistributed: inner => failing = new FailingDistributedCache(inner, failReads: true, failWrites: false));
        var key = NewKey();
        var factory = Counting();

        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, tags: [NewKey()], cancellationToken: Ct));
        Assert.Equal("v2", await node.Cache.GetOrCreateAsync(key, factory.Invoke, Flags(Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryFlags.DisableLocalCache), cancellationToken: Ct));

        Assert.True(failing!.Failures > 0);
        Assert.Contains(node.Logs.Warnings, entry => entry.Message.Contains(key, StringComparison.Ordinal) && entry.Exception is InvalidOperationException);
    }

    [Fact]
    public virtual async Task L2_write_failures_are_logged_and_the_value_still_served()
    {
        FailingDistributedCache? failing = null;
        await using var node = Fixture.CreateNode(wrapDistributed: inner => failing = new FailingDistributedCache(inner, failReads: false, failWrites: true));
        var key = NewKey();
        var factory = Counting();

        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        await node.Cache.SetAsync(NewKey(), "set", cancellationToken: Ct);
        await node.Cache.RemoveAsync(NewKey(), Ct);
        await node.Cache.RemoveByTagAsync(NewKey(), Ct);

        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal(1, factory.Calls);
        Assert.True(failing!.Failures >= 4);
        Assert.Contains(node.Logs.Warnings, entry => entry.Message.Contains(key, StringComparison.Ordinal) && entry.Exception is InvalidOperationException);
        Assert.True(node.Logs.Warnings.Count(entry => entry.Exception is InvalidOperationException) >= 4, "Every failed write is logged.");
    }
}
