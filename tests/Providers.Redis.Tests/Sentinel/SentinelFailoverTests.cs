using System.Globalization;
using System.Text;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Tests.Cluster;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Sentinel;

/// <summary>SENTINEL FAILOVER on a dedicated sentinel set while callers keep writing through the client.</summary>
public sealed class SentinelFailoverTests(RedisServers servers)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_client_follows_switch_master_to_the_promoted_replica_with_typed_errors_at_most_during_the_switch()
    {
        await using var sentinel = await servers.StartDedicatedSentinelAsync();
        using var log = new LogCapture();
        await using var connection = await RedisConnection.ConnectAsync(sentinel.ConfigurationString + ",asyncTimeout=3000", log, Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        var oldMaster = sentinel.Master;
        var replica = sentinel.Replica;
        var reconnects = 0;
        connection.Reconnected += () => Interlocked.Increment(ref reconnects);
        Assert.Equal(oldMaster.Port, MasterPort(connection));
        var prefix = $"switch:{Guid.NewGuid():N}:";

        await using var loop = CallerLoop.Start(
            callers: 4,
            async (caller, iteration) =>
            {
                var key = prefix + caller;
                var value = $"{caller}:{iteration}";
                await redis.SetAsync(key, value, cancellationToken: Ct);

                // A write the old master took just before the switch may be missing on the new one (sentinel failover
                // does not wait for replication), so a read may be older, but it is always this caller's own value.
                var read = await redis.GetAsync(key, Ct);
                Assert.NotNull(read);
                var parts = Encoding.UTF8.GetString(read).Split(':');
                Assert.True(
                    parts.Length == 2 && parts[0] == caller.ToString(CultureInfo.InvariantCulture) && long.Parse(parts[1], CultureInfo.InvariantCulture) <= iteration,
                    $"GET {key} returned {Encoding.UTF8.GetString(read)} after SET {value}");
            },
            allowed: ex => ex is RedisConnectionException or RedisTimeoutException || ex is RedisServerException { ErrorCode: "READONLY" });
        try
        {
            await loop.WaitForSuccessesSinceAsync(0, Limit, "before the failover");
            log.Note($"SENTINEL FAILOVER: {oldMaster.EndPoint} -> {replica.EndPoint}");
            await sentinel.FailoverAsync().WaitAsync(Limit, Ct);
            log.Note("every sentinel names the new master and the old one replicates it");
            await loop.WaitForSuccessesSinceAsync(CallerLoop.Now, Recovery, "after the failover");
            await loop.StopAsync();

            Assert.True(loop.UnexpectedCount == 0, loop.Describe());
            Assert.Equal(replica.Port, MasterPort(connection));
            Assert.True(Volatile.Read(ref reconnects) > 0, "the client never reported reconnecting to the new master");

            // Writes land on the former replica, the master now, and flow from there to the old master.
            Assert.Equal("master", await NodeInspection.RoleAsync(replica));
            Assert.Equal("slave", await NodeInspection.RoleAsync(oldMaster));
            Assert.True(await redis.SetAsync(prefix + "after", "landed", cancellationToken: Ct).AsTask().WaitAsync(Limit, Ct));
            Assert.Equal("landed", await NodeInspection.GetAsync(replica, prefix + "after"));
            await WaitUntilAsync(async () => await NodeInspection.GetAsync(oldMaster, prefix + "after") == "landed", "the old master replicates the write");
        }
        finally
        {
            log.Note(loop.Describe());
            log.WriteToTestOutput();
        }
    }

    [Fact]
    public async Task A_failover_announced_while_the_watched_sentinel_is_down_is_still_followed()
    {
        await using var sentinel = await servers.StartDedicatedSentinelAsync();
        using var log = new LogCapture();
        await using var connection = await RedisConnection.ConnectAsync(sentinel.ConfigurationString + ",asyncTimeout=3000", log, Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        var oldMaster = sentinel.Master;
        var replica = sentinel.Replica;
        var key = $"unwatched:{Guid.NewGuid():N}";

        await using var loop = CallerLoop.Start(
            callers: 2,
            async (caller, iteration) =>
            {
                await redis.SetAsync(key + caller, "v", cancellationToken: Ct);
                Assert.Equal("v", Encoding.UTF8.GetString((await redis.GetAsync(key + caller, Ct))!));
            },
            allowed: ex => ex is RedisConnectionException or RedisTimeoutException || ex is RedisServerException { ErrorCode: "READONLY" });
        try
        {
            await loop.WaitForSuccessesSinceAsync(0, Limit, "before the failover");

            // The client subscribes to +switch-master on the first sentinel of the list; the two others keep the quorum.
            log.Note($"killing sentinel {sentinel.Sentinels[0].EndPoint}");
            sentinel.Sentinels[0].Kill();
            log.Note($"SENTINEL FAILOVER: {oldMaster.EndPoint} -> {replica.EndPoint}");
            await sentinel.FailoverAsync().WaitAsync(Limit, Ct);
            log.Note("failover complete; the old master is a replica now");
            await loop.WaitForSuccessesSinceAsync(CallerLoop.Now, Recovery, "after the failover");
            await loop.StopAsync();

            Assert.True(loop.UnexpectedCount == 0, loop.Describe());
            Assert.Equal(replica.Port, MasterPort(connection));
            Assert.True(await redis.SetAsync(key + "after", "landed", cancellationToken: Ct).AsTask().WaitAsync(Limit, Ct));
            Assert.Equal("landed", await NodeInspection.GetAsync(replica, key + "after"));
        }
        finally
        {
            log.Note(loop.Describe());
            log.WriteToTestOutput();
        }
    }

    /// <summary>Replication is asynchronous (and the old master may still be loading its full resync): poll, bounded.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < Recovery, $"Timed out waiting until {what}.");
            await Task.Delay(50, Ct);
        }
    }

    private static int MasterPort(RedisConnection connection) => ((ConnectionPool)Assert.Single(connection.Executor.Masters)).EndPoint.Port;
}
