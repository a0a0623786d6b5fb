using Adapters.Conformance.AuthState;
using Adapters.InMemory;

namespace Adapters.Compression.Tests;

/// <summary>
/// The compressing decorator over the in-memory store with one codec, from 64 bytes up. The largest value either layer
/// accepts is 64 KiB (the store's limit, and the most a read may decompress), so the suite's refusal test runs.
/// </summary>
public abstract class CompressingAuthStateFixture(ICompressionCodec codec, bool cached) : AuthStateStoreFixture
{
    private const int Limit = 64 * 1024;
    private IAuthStateStore? _store;

    public override IAuthStateStore Store => _store ??= Build();

    public override int? MaxValueBytes => Limit;

    public override async ValueTask DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private IAuthStateStore Build()
    {
        var inner = new InMemoryAuthStateStore(new InMemoryAuthStateStoreOptions { MaxValueBytes = Limit });
        var framer = new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = 64, MaxDecompressedBytes = Limit });
        var compressing = CompressingAuthStateStore.Create(inner, framer);
        return cached ? CachingAuthStateStore.Create(compressing) : compressing;
    }
}

public sealed class ZstdCompressingAuthStateFixture() : CompressingAuthStateFixture(CompressionCodecs.Zstd(), cached: false);

public sealed class Lz4CompressingAuthStateFixture() : CompressingAuthStateFixture(CompressionCodecs.Lz4(), cached: false);

public sealed class CachedZstdCompressingAuthStateFixture() : CompressingAuthStateFixture(CompressionCodecs.Zstd(), cached: true);

public sealed class ZstdCompressingAuthStateConformanceTests(ZstdCompressingAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<ZstdCompressingAuthStateFixture>(fixture);

public sealed class Lz4CompressingAuthStateConformanceTests(Lz4CompressingAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<Lz4CompressingAuthStateFixture>(fixture);

public sealed class CachedZstdCompressingAuthStateConformanceTests(CachedZstdCompressingAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<CachedZstdCompressingAuthStateFixture>(fixture);
