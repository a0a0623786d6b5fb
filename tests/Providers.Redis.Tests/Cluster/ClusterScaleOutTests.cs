using System.Globalization;
using System.Text;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>A fourth master joins a dedicated cluster and takes a slot while a client that has never seen it is connected.</summary>
public sealed class ClusterScaleOutTests(DedicatedCluster fixture, RedisServers servers) : IClassFixture<DedicatedCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keys_of_a_slot_moving_to_a_new_master_are_reached_through_ASK_then_MOVED()
    {
        var cluster = await fixture.GetAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        var tag = await NodeInspection.KeyServedByAsync(cluster, 0, $"scale-{Guid.NewGuid():N}");
        var slot = await cluster.SlotOfAsync(tag);
        var keys = Enumerable.Range(0, 3).Select(i => $"{tag}:k{i}").ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True(await redis.SetAsync(keys[i], $"v{i}", cancellationToken: Ct));
        }

        var busPort = ClusterConnectTests.ClosedPort().ToString(CultureInfo.InvariantCulture);
        await using var node = await servers.StartDedicatedAsync("--cluster-enabled", "yes", "--cluster-port", busPort, "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000");
        await JoinAsync(cluster, node, busPort);
        Assert.Equal(3, connection.Executor.Masters.Count);

        var migration = await SlotMigration.BeginAsync(cluster, slot, cluster.Masters[0], node);
        try
        {
            await migration.MigrateAsync(keys[0]);

            // The source answers ASK with an address the client has no connection to yet.
            Assert.Equal("v0", Text(await redis.GetAsync(keys[0], Ct).AsTask().WaitAsync(Limit, Ct)));
            Assert.Equal("v1", Text(await redis.GetAsync(keys[1], Ct).AsTask().WaitAsync(Limit, Ct)));
            Assert.Equal([keys[0]], await migration.KeysOnAsync(node));

            await migration.FinishAsync();
        }
        finally
        {
            await migration.FinishAsync();
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal($"v{i}", Text(await redis.GetAsync(keys[i], Ct).AsTask().WaitAsync(Limit, Ct)));
            Assert.Equal($"v{i}", await NodeInspection.GetAsync(node, keys[i]));
        }

        await ClusterFailoverTests.WaitForClientMastersAsync(connection, [.. cluster.Masters.Select(master => master.Port).Append(node.Port).Order()]);
    }

    /// <summary>CLUSTER MEET, then waits until the new node and every master know each other and the new node sees the cluster ok.</summary>
    private static async Task JoinAsync(RedisClusterInfo cluster, RedisServerProcess node, string busPort)
    {
        await cluster.Masters[0].CliAsync("CLUSTER", "MEET", node.Host, node.Port.ToString(CultureInfo.InvariantCulture), busPort);
        var id = await NodeInspection.NodeIdAsync(node);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var known = (await node.CliAsync("CLUSTER", "NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            var knownBy = 0;
            foreach (var master in cluster.Masters)
            {
                knownBy += (await master.CliAsync("CLUSTER", "NODES")).Contains(id, StringComparison.Ordinal) ? 1 : 0;
            }

            // A master that just started reports the cluster down for a while (and refuses MIGRATE's RESTORE).
            var state = (await node.CliAsync("CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal);
            if (known == cluster.Nodes.Count + 1 && knownBy == cluster.Masters.Count && state)
            {
                return;
            }

            Assert.True(watch.Elapsed < Limit, $"{node.EndPoint} knows {known} nodes, is known by {knownBy} masters and sees the cluster ok: {state}, after {Limit.TotalSeconds:0} s.");
            await Task.Delay(100, Ct);
        }
    }

    private static string? Text(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);
}
