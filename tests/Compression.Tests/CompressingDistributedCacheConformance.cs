using Adapters.Conformance;
using Adapters.Conformance.Caching;
using Adapters.InMemory;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Compression.Tests;

/// <summary>The decorator over the in-memory cache (buffer-capable), zstd from 64 bytes, on a fake clock.</summary>
public sealed class CompressingDistributedCacheFixture : DistributedCacheFixture
{
    public CompressingDistributedCacheFixture()
    {
        Inner = new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { TimeProvider = Clock });
        Cache = new CompressingDistributedCache(Inner, CompressingCaches.Framer());
    }

    public override ManualTimeProvider Clock { get; } = new();

    public InMemoryDistributedCache Inner { get; }

    public override IDistributedCache Cache { get; }
}

/// <summary>The decorator over a cache that only has the array API, so every buffer call falls back to arrays.</summary>
public sealed class CompressingArrayOnlyDistributedCacheFixture : DistributedCacheFixture
{
    public CompressingArrayOnlyDistributedCacheFixture()
        => Cache = new CompressingDistributedCache(new ArrayOnlyDistributedCache(new InMemoryDistributedCache(new InMemoryDistributedCacheOptions { TimeProvider = Clock })), CompressingCaches.Framer());

    public override ManualTimeProvider Clock { get; } = new();

    public override IDistributedCache Cache { get; }
}

public sealed class CompressingDistributedCacheConformanceTests(CompressingDistributedCacheFixture fixture)
    : DistributedCacheConformanceTests<CompressingDistributedCacheFixture>(fixture);

public sealed class CompressingArrayOnlyDistributedCacheConformanceTests(CompressingArrayOnlyDistributedCacheFixture fixture)
    : DistributedCacheConformanceTests<CompressingArrayOnlyDistributedCacheFixture>(fixture);

internal static class CompressingCaches
{
    /// <summary>zstd from 64 bytes up (lz4 or brotli when zstd is missing, so the suite still runs).</summary>
    public static ValueFramer Framer(int threshold = 64)
    {
        var codec = new ICompressionCodec[] { CompressionCodecs.Zstd(), CompressionCodecs.Lz4(), CompressionCodecs.Brotli() }.First(codec => codec.IsAvailable);
        return new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = threshold });
    }
}

/// <summary>Hides an inner cache's <see cref="IBufferDistributedCache"/> side, as third-party caches without it behave.</summary>
internal sealed class ArrayOnlyDistributedCache(IDistributedCache inner) : IDistributedCache
{
    public byte[]? Get(string key) => inner.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

    public void Remove(string key) => inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => inner.Set(key, value, options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => inner.SetAsync(key, value, options, token);
}
