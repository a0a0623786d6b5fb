using System.Text;
using Adapters.Compression;
using Microsoft.Extensions.Caching.Hybrid;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>Every <see cref="HybridCacheEntryFlags"/> value disables exactly its stage.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    [Fact]
    public virtual async Task DisableLocalCacheRead_reads_past_L1()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        await using var writer = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        await ReadAsync(node.Cache, key, "local");
        await writer.Cache.SetAsync(key, "distributed", cancellationToken: Ct);

        Assert.Equal("local", await ReadAsync(node.Cache, key, "factory"));
        Assert.Equal("distributed", await ReadAsync(node.Cache, key, "factory", Flags(HybridCacheEntryFlags.DisableLocalCacheRead)));
    }

    [Fact]
    public virtual async Task DisableLocalCacheWrite_keeps_the_value_out_of_L1_only()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        await using var other = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        var factory = Counting();

        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, Flags(HybridCacheEntryFlags.DisableLocalCacheWrite), cancellationToken: Ct));

        Assert.Equal("v2", await node.Cache.GetOrCreateAsync(key, factory.Invoke, Flags(HybridCacheEntryFlags.DisableDistributedCache), cancellationToken: Ct));
        Assert.Equal("v1", await ReadAsync(other.Cache, key, "factory"));
    }

    [Fact]
    public virtual async Task DisableLocalCache_uses_only_L2()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        var factory = Counting();
        var localOff = Flags(HybridCacheEntryFlags.DisableLocalCache);

        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, localOff, cancellationToken: Ct));
        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, localOff, cancellationToken: Ct));
        Assert.Equal(1, factory.Calls);

        Assert.Equal("v2", await node.Cache.GetOrCreateAsync(key, factory.Invoke, Flags(HybridCacheEntryFlags.DisableDistributedCacheRead), cancellationToken: Ct));
    }

    [Fact]
    public virtual async Task DisableDistributedCacheRead_ignores_a_value_in_L2()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        await using var writer = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        await writer.Cache.SetAsync(key, "distributed", cancellationToken: Ct);

        Assert.Equal("factory", await ReadAsync(node.Cache, key, "factory", Flags(HybridCacheEntryFlags.DisableDistributedCacheRead)));
        Assert.Equal("factory", await ReadAsync(node.Cache, key, "other"));
    }

    [Fact]
    public virtual async Task DisableDistributedCacheWrite_keeps_the_value_out_of_L2_only()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        var factory = Counting();

        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, Flags(HybridCacheEntryFlags.DisableDistributedCacheWrite), cancellationToken: Ct));

        Assert.Null(await node.Distributed.GetAsync(key, Ct));
        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public virtual async Task DisableDistributedCache_uses_only_L1()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        await using var writer = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        var distributedOff = Flags(HybridCacheEntryFlags.DisableDistributedCache);

        Assert.Equal("v1", await ReadAsync(node.Cache, key, "v1", distributedOff));
        Assert.Null(await node.Distributed.GetAsync(key, Ct));
        await writer.Cache.SetAsync(key, "distributed", cancellationToken: Ct);

        Assert.Equal("v1", await ReadAsync(node.Cache, key, "factory", distributedOff));
        Assert.Equal("factory", await ReadAsync(node.Cache, key, "factory", Flags(HybridCacheEntryFlags.DisableDistributedCache | HybridCacheEntryFlags.DisableLocalCacheRead)));
    }

    [Fact]
    public virtual async Task DisableUnderlyingData_on_a_miss_returns_default_and_stores_nothing()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        var factory = Counting();

        Assert.Null(await node.Cache.GetOrCreateAsync(key, factory.Invoke, Flags(HybridCacheEntryFlags.DisableUnderlyingData), cancellationToken: Ct));
        Assert.Equal(0, await ReadAsync(node.Cache, NewKey(), 7, Flags(HybridCacheEntryFlags.DisableUnderlyingData)));

        Assert.Equal(0, factory.Calls);
        Assert.Null(await node.Distributed.GetAsync(key, Ct));
        Assert.Equal("v1", await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct));
    }

    [Fact]
    public virtual async Task DisableUnderlyingData_on_a_hit_returns_the_cached_value()
    {
        await using var node = Fixture.CreateNode(backplane: false);
        await using var writer = Fixture.CreateNode(backplane: false);
        var key = NewKey();
        await writer.Cache.SetAsync(key, "distributed", cancellationToken: Ct);

        Assert.Equal("distributed", await ReadAsync(node.Cache, key, "factory", Flags(HybridCacheEntryFlags.DisableUnderlyingData)));
    }

    /// <summary>A long text that compresses well.</summary>
    protected static string CompressibleText() => string.Concat(Enumerable.Repeat("compressible " + Guid.NewGuid().ToString("N") + " ", 200));

    [Fact]
    public virtual async Task DisableCompression_stores_the_payload_uncompressed_above_the_threshold()
    {
        await using var node = Fixture.CreateNode(options =>
        {
            options.Codec = CompressionCodecs.GZip();
            options.CompressionThreshold = 16;
        });
        var (plainKey, compressedKey) = (NewKey(), NewKey());
        var (plainText, compressedText) = (CompressibleText(), CompressibleText());

        await node.Cache.SetAsync(plainKey, plainText, Flags(HybridCacheEntryFlags.DisableCompression), cancellationToken: Ct);
        await ReadAsync(node.Cache, compressedKey, compressedText);

        var plain = await node.Distributed.GetAsync(plainKey, Ct);
        var compressed = await node.Distributed.GetAsync(compressedKey, Ct);
        Assert.Contains(plainText, Encoding.UTF8.GetString(plain!), StringComparison.Ordinal);
        Assert.True(compressed!.Length < compressedText.Length / 4, $"The payload without the flag is {compressed.Length} bytes: not compressed.");
        await using var reader = Fixture.CreateNode();
        Assert.Equal(plainText, await ReadAsync(reader.Cache, plainKey, "factory"));
        Assert.Equal(compressedText, await ReadAsync(reader.Cache, compressedKey, "factory"));
    }
}
