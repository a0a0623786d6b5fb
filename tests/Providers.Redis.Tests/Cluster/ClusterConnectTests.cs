using System.Text;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>Connecting to the shared cluster and routing keys to the masters that own them.</summary>
public sealed class ClusterConnectTests(RedisServers servers)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_node_as_seed_gives_a_cluster_of_three_masters_and_keys_land_on_their_owners()
    {
        var cluster = await servers.GetClusterAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);

        Assert.Equal("cluster", connection.Topology);
        Assert.True(connection.IsConnected);
        Assert.Equal(3, connection.Executor.Masters.Count);
        Assert.Equal(cluster.Masters.Select(master => master.Port).Order(), NodeInspection.ClientMasterPorts(connection));

        var prefix = $"spread:{Guid.NewGuid():N}:";
        var keys = Enumerable.Range(0, 60).Select(i => $"{prefix}{i}").ToArray();
        await Task.WhenAll(keys.Select(key => connection.Executor.SetAsync(key, $"value of {key}", cancellationToken: Ct).AsTask())).WaitAsync(Limit, Ct);
        foreach (var key in keys)
        {
            Assert.Equal($"value of {key}", Encoding.UTF8.GetString((await connection.Executor.GetAsync(key, Ct))!));
        }

        // Where the keys really are, as the servers see it: each on the master CLUSTER KEYSLOT + the slot map name.
        var held = new List<HashSet<string>>();
        foreach (var master in cluster.Masters)
        {
            held.Add(await NodeInspection.KeysAsync(master, prefix + "*"));
        }

        foreach (var key in keys)
        {
            var owner = await cluster.MasterIndexOfSlotAsync(await cluster.SlotOfAsync(key));
            Assert.True(held[owner].Contains(key), $"{key} is not on master {owner}, the owner of its slot");
        }

        Assert.All(held, keysOnMaster => Assert.NotEmpty(keysOnMaster));
        Assert.Equal(keys.Length, held.Sum(keysOnMaster => keysOnMaster.Count));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(1, false)]
    public async Task One_seed_node_is_enough_to_discover_every_master(int index, bool seedIsMaster)
    {
        var cluster = await servers.GetClusterAsync();
        var seed = seedIsMaster ? cluster.Masters[index] : cluster.Replicas[index];

        await using var connection = await RedisConnection.ConnectAsync(seed.EndPoint, cancellationToken: Ct).WaitAsync(Limit, Ct);

        Assert.Equal("cluster", connection.Topology);
        Assert.Equal(3, connection.Executor.Masters.Count);
        Assert.Equal(cluster.Masters.Select(master => master.Port).Order(), NodeInspection.ClientMasterPorts(connection));
        var prefix = $"seed:{Guid.NewGuid():N}:";
        for (var master = 0; master < 3; master++)
        {
            // A key on every master, including the ones the seed does not serve.
            var key = await NodeInspection.KeyServedByAsync(cluster, master, prefix);
            Assert.True(await connection.Executor.SetAsync(key, "v" + master, cancellationToken: Ct));
            Assert.Equal("v" + master, Encoding.UTF8.GetString((await connection.Executor.GetAsync(key, Ct))!));
            Assert.Equal("v" + master, await NodeInspection.GetAsync(cluster.Masters[master], key));
        }
    }

    [Fact]
    public async Task Connecting_to_a_cluster_node_that_is_not_reachable_first_falls_back_to_the_next_seed()
    {
        var cluster = await servers.GetClusterAsync();
        var closedPort = ClosedPort();

        await using var connection = await RedisConnection.ConnectAsync($"127.0.0.1:{closedPort},{cluster.Masters[1].EndPoint},connectTimeout=2000,connectRetry=1", cancellationToken: Ct).WaitAsync(Limit, Ct);

        Assert.Equal("cluster", connection.Topology);
        Assert.Equal(cluster.Masters.Select(master => master.Port).Order(), NodeInspection.ClientMasterPorts(connection));
        Assert.True(await connection.Executor.PingAsync(Ct));
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    internal static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
