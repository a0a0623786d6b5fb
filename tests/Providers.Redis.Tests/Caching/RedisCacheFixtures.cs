using Adapters.Compression;
using Adapters.Conformance.Caching;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Redis.Tests.Caching;

/// <summary>
/// The Redis distributed cache on the shared standalone server or the shared cluster, optionally behind the
/// compressing decorator, with scripts or with the MULTI/EXEC fallback. Expirations are Redis TTLs and the sliding
/// refresh reads the server's TIME, so the suite runs on real time.
/// </summary>
public abstract class RedisCacheFixture(RedisServers servers, bool cluster, bool compressed, bool useScripts) : DistributedCacheFixture
{
    private RedisConnection? _connection;
    private IDistributedCache? _cache;

    public override IDistributedCache Cache => _cache ?? throw new InvalidOperationException("The fixture is not initialized.");

    public RedisConnection Connection => _connection ?? throw new InvalidOperationException("The fixture is not initialized.");

    public override async ValueTask InitializeAsync()
    {
        var configuration = cluster ? (await servers.GetClusterAsync()).ConfigurationString : (await servers.GetStandaloneAsync()).EndPoint;
        _connection = await RedisConnection.ConnectAsync(configuration);
        var redisCache = new RedisDistributedCache(_connection, new RedisCacheOptions { InstanceName = "conformance:", UseScripts = useScripts });

        // A low threshold, so the suite's small values go through the codec too (random ones are stored raw: they do not shrink).
        _cache = compressed ? new CompressingDistributedCache(redisCache, new ValueFramer(new ValueFramerOptions { Codec = CompressionCodecs.GZip(), Threshold = 64 })) : redisCache;
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

public sealed class StandaloneCacheFixture(RedisServers servers) : RedisCacheFixture(servers, cluster: false, compressed: false, useScripts: true);

public sealed class StandaloneCompressedCacheFixture(RedisServers servers) : RedisCacheFixture(servers, cluster: false, compressed: true, useScripts: true);

public sealed class ClusterCacheFixture(RedisServers servers) : RedisCacheFixture(servers, cluster: true, compressed: false, useScripts: true);

public sealed class ClusterCompressedCacheFixture(RedisServers servers) : RedisCacheFixture(servers, cluster: true, compressed: true, useScripts: true);

public sealed class StandaloneNoScriptsCacheFixture(RedisServers servers) : RedisCacheFixture(servers, cluster: false, compressed: false, useScripts: false);

public sealed class ClusterNoScriptsCacheFixture(RedisServers servers) : RedisCacheFixture(servers, cluster: true, compressed: false, useScripts: false);
