using Adapters.Redis.Commands;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>Scripts on a dedicated cluster, whose script caches the test may flush.</summary>
[Collection(nameof(ReshardedClusterCollection))]
public sealed class ClusterScriptTests(DedicatedCluster fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly RedisScript SetAndGet = new("""
        redis.call('SET', KEYS[1], ARGV[1])
        return redis.call('GET', KEYS[1])
        """);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_SCRIPT_FLUSH_on_every_node_one_NOSCRIPT_loads_the_script_on_every_master()
    {
        var cluster = await fixture.GetAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        var run = Guid.NewGuid().ToString("N");
        var keys = new string[3];
        for (var master = 0; master < 3; master++)
        {
            keys[master] = await NodeInspection.KeyServedByAsync(cluster, master, $"script-{run}");
        }

        Assert.Equal("warm", (await redis.EvaluateAsync(SetAndGet, [keys[0]], ["warm"], Replies.Text, Ct).AsTask().WaitAsync(Limit, Ct)));
        foreach (var node in cluster.Nodes)
        {
            Assert.Equal("OK", (await node.CliAsync("SCRIPT", "FLUSH")).Trim());
        }

        foreach (var master in cluster.Masters)
        {
            Assert.Equal("0", (await master.CliAsync("SCRIPT", "EXISTS", SetAndGet.Sha1)).Trim());
        }

        // One NOSCRIPT (on master 2) loads the script everywhere, so the other masters never answer NOSCRIPT.
        Assert.Equal("v2", await redis.EvaluateAsync(SetAndGet, [keys[2]], ["v2"], Replies.Text, Ct).AsTask().WaitAsync(Limit, Ct));
        foreach (var master in cluster.Masters)
        {
            Assert.Equal("1", (await master.CliAsync("SCRIPT", "EXISTS", SetAndGet.Sha1)).Trim());
        }

        var loads = await Task.WhenAll(cluster.Masters.Select(master => NodeInspection.CommandStatsAsync(master, "script|load")));
        for (var master = 0; master < 3; master++)
        {
            Assert.Equal("v" + master, await redis.EvaluateAsync(SetAndGet, [keys[master]], ["v" + master], Replies.Text, Ct).AsTask().WaitAsync(Limit, Ct));
            Assert.Equal("v" + master, await NodeInspection.GetAsync(cluster.Masters[master], keys[master]));
        }

        Assert.Equal(loads, await Task.WhenAll(cluster.Masters.Select(master => NodeInspection.CommandStatsAsync(master, "script|load"))));
    }
}
