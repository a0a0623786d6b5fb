using Adapters.Compression;
using Adapters.Conformance.AuthState;
using Adapters.InMemory;
using Adapters.TestServers;

namespace Adapters.Redis.Tests.AuthCaching;

/// <summary>
/// The Redis auth-state store behind the decorators: compression (zstd from 64 bytes, at most 64 KiB decompressed)
/// and/or an in-process cache announcing its writes on the Redis invalidation bus, on the shared standalone server or
/// the shared cluster. The largest value accepted is 64 KiB, so the suite's refusal test runs.
/// </summary>
public abstract class DecoratedAuthStateFixture(RedisServers servers, bool cluster, bool caching, bool compression) : AuthStateStoreFixture
{
    private const int Limit = 64 * 1024;

    private RedisConnection? _connection;
    private RedisAuthStateStore? _redis;
    private RedisAuthInvalidationBus? _bus;
    private IAuthStateStore? _store;

    public override IAuthStateStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialized.");

    public override int? MaxValueBytes => Limit;

    public override async ValueTask InitializeAsync()
    {
        var configuration = cluster ? (await servers.GetClusterAsync()).ConfigurationString : (await servers.GetStandaloneAsync()).EndPoint;
        _connection = await RedisConnection.ConnectAsync(configuration);
        _redis = new RedisAuthStateStore(_connection, new RedisAuthStateOptions { MaxValueBytes = Limit });
        IAuthStateStore store = _redis;
        if (compression)
        {
            var codec = new ICompressionCodec[] { CompressionCodecs.Zstd(), CompressionCodecs.Lz4(), CompressionCodecs.Brotli() }.First(codec => codec.IsAvailable);
            store = CompressingAuthStateStore.Create(store, new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = 64, MaxDecompressedBytes = Limit }));
        }

        if (caching)
        {
            _bus = new RedisAuthInvalidationBus(_connection, new RedisAuthInvalidationBusOptions { Channel = $"adapters:auth:v1:invalidate:{Guid.NewGuid():N}" });
            store = CachingAuthStateStore.Create(store, new CachingAuthStateStoreOptions { InvalidationBus = _bus });
        }

        _store = store;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_store is IAsyncDisposable decorator && !ReferenceEquals(decorator, _redis))
        {
            await decorator.DisposeAsync();
        }

        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

public sealed class CachedAuthStateFixture(RedisServers servers) : DecoratedAuthStateFixture(servers, cluster: false, caching: true, compression: false);

public sealed class CompressedAuthStateFixture(RedisServers servers) : DecoratedAuthStateFixture(servers, cluster: false, caching: false, compression: true);

public sealed class CachedCompressedAuthStateFixture(RedisServers servers) : DecoratedAuthStateFixture(servers, cluster: false, caching: true, compression: true);

public sealed class ClusterCachedCompressedAuthStateFixture(RedisServers servers) : DecoratedAuthStateFixture(servers, cluster: true, caching: true, compression: true);
