using Adapters.Conformance.Maps;
using Adapters.TestServers;

namespace Adapters.Redis.Tests.Maps;

/// <summary>
/// Redis maps with one strategy, on a shared standalone server or the shared cluster. Stamps come from the server's
/// TIME, so the suite runs on real time (no fake clock). <paramref name="indexPageSize"/> overrides the entries per
/// SortedIndex script call (a tiny one makes every batch take several pages).
/// </summary>
public abstract class RedisMapFixture(RedisServers servers, ChangeScanStrategy strategy, bool cluster, int? indexPageSize = null) : ChangeTrackingMapFixture
{
    private RedisConnection? _connection;
    private RedisMapStore? _store;

    public RedisConnection Connection => _connection ?? throw new InvalidOperationException("The fixture is not initialized.");

    public RedisMapStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialized.");

    public override async ValueTask InitializeAsync()
    {
        var configuration = cluster ? (await servers.GetClusterAsync()).ConfigurationString : (await servers.GetStandaloneAsync()).EndPoint;
        _connection = await RedisConnection.ConnectAsync(configuration);
        _store = new RedisMapStore(_connection);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    public override IChangeTrackingMap<TKey, TValue> OpenMap<TKey, TValue>(string name, ChangeTrackingMapOptions<TKey, TValue>? options = null)
    {
        var redisOptions = new RedisMapOptions<TKey, TValue> { Strategy = strategy };
        if (indexPageSize is { } pageSize)
        {
            redisOptions.IndexPageSize = pageSize;
        }

        if (options is not null)
        {
            redisOptions.KeySerializer = options.KeySerializer;
            redisOptions.ValueSerializer = options.ValueSerializer;
        }

        return Store.GetMap(name, redisOptions);
    }
}

public sealed class SortedIndexMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.SortedIndex, cluster: false);

public sealed class SortedIndexSmallPagesMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.SortedIndex, cluster: false, indexPageSize: 2);

public sealed class IncrementalScanMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.IncrementalScan, cluster: false);

public sealed class ServerScriptMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.ServerScript, cluster: false);

public sealed class FullHashMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.FullHash, cluster: false);

public sealed class ClusterSortedIndexMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.SortedIndex, cluster: true);

public sealed class ClusterIncrementalScanMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.IncrementalScan, cluster: true);

public sealed class ClusterServerScriptMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.ServerScript, cluster: true);

public sealed class ClusterFullHashMapFixture(RedisServers servers) : RedisMapFixture(servers, ChangeScanStrategy.FullHash, cluster: true);
