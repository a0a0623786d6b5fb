using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>
/// A cluster of its own for tests that reshard, fail over or kill nodes, started on first use (so a machine without
/// redis-server skips the tests instead of failing the fixture) and stopped after the last test that shares it.
/// </summary>
public sealed class DedicatedCluster(RedisServers servers) : IAsyncDisposable
{
    private readonly Lazy<Task<RedisClusterInfo>> _cluster = new(servers.StartDedicatedClusterAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<RedisClusterInfo> GetAsync() => _cluster.Value;

    public async ValueTask DisposeAsync()
    {
        if (!_cluster.IsValueCreated)
        {
            return;
        }

        // A start that failed (or skipped) already failed the tests that asked for it and left nothing running.
        var start = _cluster.Value;
        await ((Task)start).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (start.IsCompletedSuccessfully)
        {
            await start.Result.DisposeAsync();
        }
    }
}

/// <summary>The resharding and script tests share one dedicated cluster and run one after another.</summary>
[CollectionDefinition(nameof(ReshardedClusterCollection))]
public sealed class ReshardedClusterCollection : ICollectionFixture<DedicatedCluster>;
