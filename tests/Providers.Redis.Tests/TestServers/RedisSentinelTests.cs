using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.TestServers;

public sealed class RedisSentinelTests(RedisServers servers)
{
    [Fact]
    public async Task Every_sentinel_names_the_master_and_the_replica_follows_it()
    {
        var sentinel = await servers.GetSentinelAsync();

        Assert.Equal("mymaster", sentinel.ServiceName);
        Assert.Equal(3, sentinel.Sentinels.Count);
        Assert.Equal(
            string.Join(',', sentinel.Sentinels.Select(s => s.EndPoint)) + ",serviceName=mymaster",
            sentinel.ConfigurationString);
        foreach (var node in sentinel.Sentinels)
        {
            Assert.Equal(["127.0.0.1", $"{sentinel.Master.Port}"], await MasterAddressAsync(node));
        }

        var replication = await sentinel.Replica.CliAsync("INFO", "replication");
        Assert.Contains("role:slave", replication, StringComparison.Ordinal);
        Assert.Contains($"master_port:{sentinel.Master.Port}", replication, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailoverAsync_makes_every_sentinel_name_the_former_replica()
    {
        await using var sentinel = await servers.StartDedicatedSentinelAsync();
        var oldMaster = sentinel.Master;
        var replica = sentinel.Replica;

        await sentinel.FailoverAsync();

        Assert.Same(replica, sentinel.Master);
        Assert.Same(oldMaster, sentinel.Replica);
        foreach (var node in sentinel.Sentinels)
        {
            Assert.Equal(["127.0.0.1", $"{replica.Port}"], await MasterAddressAsync(node));
        }

        Assert.Contains("role:master", await replica.CliAsync("INFO", "replication"), StringComparison.Ordinal);
        Assert.Contains($"master_port:{replica.Port}", await oldMaster.CliAsync("INFO", "replication"), StringComparison.Ordinal);
    }

    private static async Task<string[]> MasterAddressAsync(RedisServerProcess sentinel) =>
        (await sentinel.CliAsync("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")).TrimEnd('\n').Split('\n');
}
