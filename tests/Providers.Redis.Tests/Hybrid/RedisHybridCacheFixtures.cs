using Adapters.Compression;
using Adapters.Conformance.Hybrid;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.Redis.Tests.Hybrid;

/// <summary>
/// The HybridCache over the Redis distributed cache (standalone or cluster) with the Redis backplane, optionally with
/// zstd-compressed L2 payloads. Each fixture has its own key prefix and channel, so fixtures running side by side do
/// not see each other's entries or messages. Redis TTLs run on real time, so the suite waits for real.
/// </summary>
public abstract class RedisHybridCacheFixture(RedisServers servers, bool cluster, bool compressed) : HybridCacheFixture
{
    private readonly string _scope = Guid.NewGuid().ToString("N")[..8];
    private RedisConnection? _connection;
    private RedisDistributedCache? _store;

    /// <summary>The connection every node shares (each node still has its own L1, backplane subscription and id).</summary>
    public RedisConnection Connection => _connection ?? throw new InvalidOperationException("The fixture is not initialized.");

    public override bool HasBackplane => true;

    public override async ValueTask InitializeAsync()
    {
        var configuration = cluster ? (await servers.GetClusterAsync()).ConfigurationString : (await servers.GetStandaloneAsync()).EndPoint;
        _connection = await RedisConnection.ConnectAsync(configuration);
        _store = new RedisDistributedCache(_connection, new RedisCacheOptions { InstanceName = $"hybrid-{_scope}:" });
    }

    public override void AddDistributedCache(IServiceCollection services)
        => services.AddSingleton<IDistributedCache>(_store ?? throw new InvalidOperationException("The fixture is not initialized."));

    public override void AddBackplane(IServiceCollection services)
        => services.AddSingleton<IHybridCacheBackplane>(_ => new RedisHybridCacheBackplane(Connection, new RedisHybridCacheBackplaneOptions { Channel = $"adapters:hybrid:test-{_scope}" }));

    public override void ConfigureOptions(Adapters.Hybrid.AdaptersHybridCacheOptions options)
    {
        if (compressed)
        {
            // A low threshold, so the suite's small values go through the codec too.
            options.Codec = CompressionCodecs.Zstd();
            options.CompressionThreshold = 64;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

public sealed class StandaloneHybridCacheFixture(RedisServers servers) : RedisHybridCacheFixture(servers, cluster: false, compressed: false);

public sealed class StandaloneCompressedHybridCacheFixture(RedisServers servers) : RedisHybridCacheFixture(servers, cluster: false, compressed: true);

public sealed class ClusterHybridCacheFixture(RedisServers servers) : RedisHybridCacheFixture(servers, cluster: true, compressed: false);

public sealed class StandaloneHybridCacheConformanceTests(StandaloneHybridCacheFixture fixture)
    : HybridCacheConformanceTests<StandaloneHybridCacheFixture>(fixture);

public sealed class StandaloneCompressedHybridCacheConformanceTests(StandaloneCompressedHybridCacheFixture fixture)
    : HybridCacheConformanceTests<StandaloneCompressedHybridCacheFixture>(fixture);

public sealed class ClusterHybridCacheConformanceTests(ClusterHybridCacheFixture fixture)
    : HybridCacheConformanceTests<ClusterHybridCacheFixture>(fixture);
