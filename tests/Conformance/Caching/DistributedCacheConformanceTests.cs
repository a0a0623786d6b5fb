using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;

namespace Adapters.Conformance.Caching;

/// <summary>
/// The conformance suite of <see cref="IDistributedCache"/> (and <see cref="IBufferDistributedCache"/>), after the
/// behaviours Microsoft's RedisCache and MemoryDistributedCache tests pin down. This part covers values and keys.
/// </summary>
/// <typeparam name="TFixture">The provider's fixture.</typeparam>
public abstract partial class DistributedCacheConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : DistributedCacheFixture
{
    /// <summary>The cache under test.</summary>
    protected IDistributedCache Cache => Fixture.Cache;

    /// <summary>The cache's buffer API; skips the test when the provider has none.</summary>
    protected IBufferDistributedCache BufferCache
    {
        get
        {
            RequireCapability(Fixture.SupportsBuffers, "The cache does not implement IBufferDistributedCache.");
            return (IBufferDistributedCache)Fixture.Cache;
        }
    }

    /// <summary>A key no other test uses.</summary>
    protected static string NewKey() => ConformanceFixture.UniqueName("key");

    /// <summary>Deterministic bytes that differ per seed.</summary>
    protected static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public virtual async Task A_missing_key_returns_null()
    {
        Assert.Null(Cache.Get(NewKey()));
        Assert.Null(await Cache.GetAsync(NewKey(), Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(1024)]
    [InlineData(16 * 1024)]
    [InlineData(1024 * 1024)]
    public virtual async Task Values_of_every_size_round_trip(int size)
    {
        var key = NewKey();
        var value = Bytes(size, size);

        await Cache.SetAsync(key, value, new DistributedCacheEntryOptions(), Ct);

        Assert.Equal(value, await Cache.GetAsync(key, Ct));
        Assert.Equal(value, Cache.Get(key));
    }

    [Fact]
    public virtual async Task Keys_are_case_sensitive()
    {
        var key = NewKey();
        await Cache.SetAsync(key.ToLowerInvariant(), [1], new DistributedCacheEntryOptions(), Ct);
        await Cache.SetAsync(key.ToUpperInvariant(), [2], new DistributedCacheEntryOptions(), Ct);

        Assert.Equal([1], await Cache.GetAsync(key.ToLowerInvariant(), Ct));
        Assert.Equal([2], await Cache.GetAsync(key.ToUpperInvariant(), Ct));
    }

    [Fact]
    public virtual async Task Keys_with_spaces_colons_and_unicode_work()
    {
        foreach (var key in new[] { NewKey() + " with space", NewKey() + ":a:b", NewKey() + "-ключ-鍵" })
        {
            await Cache.SetAsync(key, [42], new DistributedCacheEntryOptions(), Ct);
            Assert.Equal([42], await Cache.GetAsync(key, Ct));
        }
    }

    [Fact]
    public virtual async Task Remove_removes_and_tolerates_missing_keys()
    {
        var key = NewKey();
        await Cache.SetAsync(key, [1], new DistributedCacheEntryOptions(), Ct);

        await Cache.RemoveAsync(key, Ct);
        Cache.Remove(key);

        Assert.Null(await Cache.GetAsync(key, Ct));
    }

    [Fact]
    public virtual async Task Returned_and_passed_arrays_are_not_aliased()
    {
        var key = NewKey();
        var value = new byte[] { 1, 2, 3 };
        Cache.Set(key, value, new DistributedCacheEntryOptions());
        value[0] = 99;

        var first = Cache.Get(key)!;
        first[1] = 99;
        var second = await Cache.GetAsync(key, Ct);

        Assert.Equal([1, 2, 3], second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public virtual async Task Null_arguments_throw_ArgumentNullException_naming_them()
    {
        var options = new DistributedCacheEntryOptions();
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Cache.Get(null!)).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => Cache.GetAsync(null!, Ct))).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Cache.Set(null!, [1], options)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => Cache.Set(NewKey(), null!, options)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => Cache.Set(NewKey(), [1], null!)).ParamName);
        Assert.Equal("value", (await Assert.ThrowsAsync<ArgumentNullException>(() => Cache.SetAsync(NewKey(), null!, options, Ct))).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Cache.Remove(null!)).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => Cache.RemoveAsync(null!, Ct))).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Cache.Refresh(null!)).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => Cache.RefreshAsync(null!, Ct))).ParamName);
    }

    [Fact]
    public virtual async Task Canceled_calls_throw_and_store_nothing()
    {
        var key = NewKey();
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Cache.SetAsync(key, [1], new DistributedCacheEntryOptions(), canceled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Cache.GetAsync(key, canceled.Token));

        Assert.Null(await Cache.GetAsync(key, Ct));
    }

    [Fact]
    public virtual async Task Concurrent_writers_and_readers_of_many_keys_see_whole_values()
    {
        var keys = Enumerable.Range(0, 64).Select(_ => NewKey()).ToArray();
        await Task.WhenAll(keys.Select((key, i) => Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                var value = Enumerable.Repeat((byte)round, 100 + i).ToArray();
                await Cache.SetAsync(key, value, new DistributedCacheEntryOptions(), Ct);
                var read = await Cache.GetAsync(key, Ct);
                Assert.NotNull(read);
                Assert.Equal(100 + i, read.Length);
                Assert.All(read, b => Assert.Equal(read[0], b));
            }
        }, Ct)));
    }

    [Fact]
    public virtual async Task Buffer_and_array_apis_are_interchangeable()
    {
        var buffers = BufferCache;
        var viaArray = NewKey();
        var viaBuffer = NewKey();
        Cache.Set(viaArray, Bytes(1, 3000), new DistributedCacheEntryOptions());
        await buffers.SetAsync(viaBuffer, new ReadOnlySequence<byte>(Bytes(2, 3000)), new DistributedCacheEntryOptions(), Ct);

        var writer = new ArrayBufferWriter<byte>();
        Assert.True(await buffers.TryGetAsync(viaArray, writer, Ct));
        Assert.Equal(Bytes(1, 3000), writer.WrittenSpan.ToArray());
        Assert.Equal(Bytes(2, 3000), await Cache.GetAsync(viaBuffer, Ct));

        var syncWriter = new ArrayBufferWriter<byte>();
        Assert.True(buffers.TryGet(viaBuffer, syncWriter));
        Assert.Equal(Bytes(2, 3000), syncWriter.WrittenSpan.ToArray());
    }

    [Fact]
    public virtual async Task A_buffer_miss_writes_nothing()
    {
        var writer = new ArrayBufferWriter<byte>();

        Assert.False(await BufferCache.TryGetAsync(NewKey(), writer, Ct));
        Assert.False(BufferCache.TryGet(NewKey(), writer));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public virtual async Task Multi_segment_sequences_are_stored_whole(int segmentLength)
    {
        var key = NewKey();
        var value = Bytes(segmentLength, 20_000);

        await BufferCache.SetAsync(key, SegmentedSequence.Create(value, segmentLength), new DistributedCacheEntryOptions(), Ct);
        BufferCache.Set(key + "-sync", SegmentedSequence.Create(value, segmentLength), new DistributedCacheEntryOptions());

        Assert.Equal(value, await Cache.GetAsync(key, Ct));
        Assert.Equal(value, await Cache.GetAsync(key + "-sync", Ct));
    }
}
