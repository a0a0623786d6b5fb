using System.Text;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>Commands without a key, and SCAN, on the shared cluster.</summary>
public sealed class ClusterKeylessTests(RedisServers servers)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PING_and_TIME_work_without_a_key()
    {
        var cluster = await servers.GetClusterAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);

        for (var i = 0; i < 12; i++)
        {
            Assert.True(await connection.Executor.PingAsync(Ct).AsTask().WaitAsync(Limit, Ct));
            var serverTime = DateTimeOffset.FromUnixTimeMilliseconds(await connection.Executor.TimeAsync(Ct).AsTask().WaitAsync(Limit, Ct) / 1000);
            Assert.InRange(serverTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        }
    }

    [Fact]
    public async Task ScanKeysAsync_returns_the_keys_of_every_master()
    {
        var cluster = await servers.GetClusterAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var prefix = $"scan:{Guid.NewGuid():N}:";
        var keys = Enumerable.Range(0, 90).Select(i => $"{prefix}{i}").ToHashSet();
        await Task.WhenAll(keys.Select(key => connection.Executor.SetAsync(key, "x", cancellationToken: Ct).AsTask())).WaitAsync(Limit, Ct);
        foreach (var master in cluster.Masters)
        {
            Assert.NotEmpty(await NodeInspection.KeysAsync(master, prefix + "*"));
        }

        var scanned = new List<string>();
        await foreach (var key in connection.Executor.ScanKeysAsync(prefix + "*", pageSize: 7, Ct).WithCancellation(Ct))
        {
            scanned.Add(Encoding.UTF8.GetString(key));
        }

        // SCAN may repeat a key (while a table rehashes) but never misses one present throughout.
        Assert.Equal(keys.Order(StringComparer.Ordinal), scanned.Distinct().Order(StringComparer.Ordinal));
    }
}
