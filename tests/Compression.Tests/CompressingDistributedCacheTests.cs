using System.Buffers;
using Adapters.Conformance.Caching;
using Adapters.InMemory;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;

namespace Adapters.Compression.Tests;

public sealed class CompressingDistributedCacheTests
{
    private static readonly DistributedCacheEntryOptions NoExpiration = new();

    public static TheoryData<bool> BufferCapableInner => [true, false];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (IDistributedCache Inner, CompressingDistributedCache Cache) Create(bool bufferCapable, int threshold = 64)
    {
        var memory = new InMemoryDistributedCache();
        IDistributedCache inner = bufferCapable ? memory : new ArrayOnlyDistributedCache(memory);
        return (inner, new CompressingDistributedCache(inner, CompressingCaches.Framer(threshold)));
    }

    [Theory]
    [MemberData(nameof(BufferCapableInner))]
    public async Task Values_are_stored_compressed_in_the_inner_cache(bool bufferCapable)
    {
        var (inner, cache) = Create(bufferCapable);
        var value = TestInputs.Json(64 * 1024);

        await cache.SetAsync("a", value, NoExpiration, Ct);
        cache.Set("b", value, NoExpiration);

        foreach (var key in new[] { "a", "b" })
        {
            var stored = (await inner.GetAsync(key, Ct))!;
            Assert.True(ValueFrame.TryReadHeader(stored, out var header));
            Assert.Equal(cache.Framer.Codec.Id, header.Codec);
            Assert.Equal(value.Length, header.OriginalLength);
            Assert.True(stored.Length < value.Length / 3, $"64 KiB of JSON took {stored.Length} bytes in the inner cache.");
            Assert.Equal(value, await cache.GetAsync(key, Ct));
            Assert.Equal(value, cache.Get(key));
        }
    }

    [Theory]
    [MemberData(nameof(BufferCapableInner))]
    public async Task Buffer_writes_are_stored_compressed_and_read_back_through_buffers(bool bufferCapable)
    {
        var (inner, cache) = Create(bufferCapable);
        var value = TestInputs.Json(20_000);

        await cache.SetAsync("segmented", SegmentedSequence.Create(value, 1000), NoExpiration, Ct);
        cache.Set("single", new ReadOnlySequence<byte>(value), NoExpiration);

        foreach (var key in new[] { "segmented", "single" })
        {
            Assert.True(ValueFrame.IsFramed((await inner.GetAsync(key, Ct))!));
            var writer = new ArrayBufferWriter<byte>();
            Assert.True(await cache.TryGetAsync(key, writer, Ct));
            Assert.Equal(value, writer.WrittenSpan.ToArray());
            var syncWriter = new ArrayBufferWriter<byte>();
            Assert.True(cache.TryGet(key, syncWriter));
            Assert.Equal(value, syncWriter.WrittenSpan.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(BufferCapableInner))]
    public async Task Values_below_the_threshold_are_stored_as_they_are(bool bufferCapable)
    {
        var (inner, cache) = Create(bufferCapable, threshold: 64);
        var value = TestInputs.Json(63);

        await cache.SetAsync("small", value, NoExpiration, Ct);
        await cache.SetAsync("small-buffer", new ReadOnlySequence<byte>(value), NoExpiration, Ct);

        Assert.Equal(value, await inner.GetAsync("small", Ct));
        Assert.Equal(value, await inner.GetAsync("small-buffer", Ct));
    }

    [Theory]
    [MemberData(nameof(BufferCapableInner))]
    public async Task Values_written_by_others_read_as_they_are(bool bufferCapable)
    {
        var (inner, cache) = Create(bufferCapable);
        var foreign = TestInputs.Json(10_000);
        await inner.SetAsync("foreign", foreign, NoExpiration, Ct);

        Assert.Equal(foreign, await cache.GetAsync("foreign", Ct));
        Assert.Equal(foreign, cache.Get("foreign"));
        var writer = new ArrayBufferWriter<byte>();
        Assert.True(await cache.TryGetAsync("foreign", writer, Ct));
        Assert.Equal(foreign, writer.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(BufferCapableInner))]
    public async Task Raw_values_beginning_with_the_magic_survive_the_round_trip(bool bufferCapable)
    {
        var (inner, cache) = Create(bufferCapable);
        byte[] value = [ValueFrame.Magic0, ValueFrame.Magic1, 1, 2, 3];

        await cache.SetAsync("magic", value, NoExpiration, Ct);

        var stored = (await inner.GetAsync("magic", Ct))!;
        Assert.True(ValueFrame.TryReadHeader(stored, out var header));
        Assert.Equal(CompressionCodecId.None, header.Codec);
        Assert.Equal(value, await cache.GetAsync("magic", Ct));
    }

    [Theory]
    [MemberData(nameof(BufferCapableInner))]
    public async Task A_corrupt_stored_frame_is_invalid_data_naming_the_key(bool bufferCapable)
    {
        var (inner, cache) = Create(bufferCapable);
        await cache.SetAsync("corrupt", TestInputs.Json(10_000), NoExpiration, Ct);
        var stored = (await inner.GetAsync("corrupt", Ct))!;
        await inner.SetAsync("corrupt", stored[..(stored.Length / 2)], NoExpiration, Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => cache.GetAsync("corrupt", Ct));
        Assert.Contains("'corrupt'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'corrupt'", Assert.Throws<InvalidDataException>(() => cache.Get("corrupt")).Message, StringComparison.Ordinal);
        var writer = new ArrayBufferWriter<byte>();
        Assert.Contains("'corrupt'", (await Assert.ThrowsAsync<InvalidDataException>(() => cache.TryGetAsync("corrupt", writer, Ct).AsTask())).Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public async Task Frames_written_with_another_codec_are_read()
    {
        var memory = new InMemoryDistributedCache();
        var gzip = new CompressingDistributedCache(memory, new ValueFramer(new ValueFramerOptions { Codec = CompressionCodecs.GZip(), Threshold = 0 }));
        var plain = new CompressingDistributedCache(memory, ValueFramer.Uncompressed);
        var value = TestInputs.Json(5000);

        await gzip.SetAsync("k", value, NoExpiration, Ct);

        Assert.Equal((byte)CompressionCodecId.GZip, (await memory.GetAsync("k", Ct))![2]);
        Assert.Equal(value, await plain.GetAsync("k", Ct));
    }

    [Fact]
    public void The_decorator_exposes_what_it_wraps_and_rejects_nulls()
    {
        var inner = new InMemoryDistributedCache();
        var framer = CompressingCaches.Framer();
        var cache = new CompressingDistributedCache(inner, framer);

        Assert.Same(inner, cache.Inner);
        Assert.Same(framer, cache.Framer);
        Assert.Equal("inner", Assert.Throws<ArgumentNullException>(() => new CompressingDistributedCache(null!, framer)).ParamName);
        Assert.Equal("framer", Assert.Throws<ArgumentNullException>(() => new CompressingDistributedCache(inner, null!)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => cache.TryGet("k", null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => cache.Set("k", ReadOnlySequence<byte>.Empty, null!)).ParamName);
    }
}
