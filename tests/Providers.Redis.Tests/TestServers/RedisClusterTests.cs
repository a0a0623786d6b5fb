using System.Text.Json;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.TestServers;

public sealed class RedisClusterTests(RedisServers servers)
{
    [Fact]
    public async Task The_shared_cluster_is_healthy_with_three_masters_each_with_a_replica()
    {
        var cluster = await servers.GetClusterAsync();

        Assert.Equal(6, cluster.Nodes.Count);
        Assert.Equal(3, cluster.Masters.Count);
        Assert.Equal(3, cluster.Replicas.Count);
        Assert.Equal(cluster.Nodes.Select(node => node.EndPoint), cluster.ConfigurationString.Split(','));
        var info = await cluster.Nodes[0].CliAsync("CLUSTER", "INFO");
        Assert.Contains("cluster_state:ok", info, StringComparison.Ordinal);
        Assert.Contains("cluster_size:3", info, StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            var replication = await cluster.Replicas[i].CliAsync("INFO", "replication");
            Assert.Contains("role:slave", replication, StringComparison.Ordinal);
            Assert.Contains($"master_port:{cluster.Masters[i].Port}", replication, StringComparison.Ordinal);
        }

        Assert.Equal(0, await cluster.MasterIndexOfSlotAsync(0));
        Assert.Equal(2, await cluster.MasterIndexOfSlotAsync(RedisClusterInfo.SlotCount - 1));
    }

    [Fact]
    public async Task MoveSlotAsync_moves_a_slot_with_its_keys_to_another_master()
    {
        await using var cluster = await servers.StartDedicatedClusterAsync();
        const string key = "{moving}key";
        Assert.Equal("OK", (await cluster.Nodes[0].CliAsync("-c", "SET", key, "payload")).Trim());
        var slot = await cluster.SlotOfAsync(key);
        var from = await cluster.MasterIndexOfSlotAsync(slot);
        var to = (from + 1) % 3;

        await cluster.MoveSlotAsync(slot, from, to);

        Assert.Equal(to, await cluster.MasterIndexOfSlotAsync(slot));
        Assert.Equal("payload", (await cluster.Nodes[0].CliAsync("-c", "GET", key)).Trim());
        Assert.Equal("1", (await cluster.Masters[to].CliAsync("CLUSTER", "COUNTKEYSINSLOT", slot.ToString(System.Globalization.CultureInfo.InvariantCulture))).Trim());
        var moved = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.Masters[from].CliAsync("GET", key));
        Assert.Contains("MOVED", moved.Message, StringComparison.Ordinal);
        foreach (var node in cluster.Nodes)
        {
            Assert.Equal(cluster.Masters[to].Port, OwnerPortInClusterSlots(await node.CliAsync("--json", "CLUSTER", "SLOTS"), slot));
        }
    }

    [Fact]
    public async Task FailoverAsync_promotes_the_replica_and_keeps_the_data()
    {
        await using var cluster = await servers.StartDedicatedClusterAsync();
        const string key = "{failover}key";
        var index = await cluster.MasterIndexOfSlotAsync(await cluster.SlotOfAsync(key));
        var oldMaster = cluster.Masters[index];
        var replica = cluster.Replicas[index];
        Assert.Equal("OK", (await oldMaster.CliAsync("SET", key, "kept")).Trim());
        Assert.Equal("1", (await oldMaster.CliAsync("WAIT", "1", "5000")).Trim()); // the replica has the key

        await cluster.FailoverAsync(index);

        Assert.Same(replica, cluster.Masters[index]);
        Assert.Same(oldMaster, cluster.Replicas[index]);
        Assert.Equal(index, await cluster.MasterIndexOfSlotAsync(await cluster.SlotOfAsync(key)));
        Assert.Contains("role:master", await replica.CliAsync("INFO", "replication"), StringComparison.Ordinal);
        Assert.Contains($"master_port:{replica.Port}", await oldMaster.CliAsync("INFO", "replication"), StringComparison.Ordinal);
        Assert.Contains("cluster_state:ok", await cluster.Nodes[0].CliAsync("CLUSTER", "INFO"), StringComparison.Ordinal);
        Assert.Equal("kept", (await replica.CliAsync("GET", key)).Trim());
        Assert.Equal("kept", (await cluster.Nodes[0].CliAsync("-c", "GET", key)).Trim());
    }

    /// <summary>CLUSTER SLOTS entries are [first, last, [ip, port, id, ...] of the master, replicas...].</summary>
    private static int OwnerPortInClusterSlots(string json, int slot)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var range in document.RootElement.EnumerateArray())
        {
            if (range[0].GetInt32() <= slot && slot <= range[1].GetInt32())
            {
                return range[2][1].GetInt32();
            }
        }

        throw new InvalidOperationException($"Slot {slot} is missing from CLUSTER SLOTS.");
    }
}
