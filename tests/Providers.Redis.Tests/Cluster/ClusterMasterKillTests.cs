using System.Globalization;
using System.Text;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>A master of a dedicated cluster killed outright (no failover first) while callers keep writing.</summary>
public sealed class ClusterMasterKillTests(DedicatedCluster fixture) : IClassFixture<DedicatedCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Its_slots_fail_with_typed_errors_until_the_cluster_promotes_its_replica_then_succeed_again()
    {
        var cluster = await fixture.GetAsync();
        using var log = new LogCapture();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString + ",asyncTimeout=2000,connectTimeout=1000", log, Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        const int victim = 1;
        var run = Guid.NewGuid().ToString("N");

        // Callers 0-2 use the victim's slots; callers 3 and 4 the other masters, which must not notice.
        string[] keys =
        [
            await NodeInspection.KeyServedByAsync(cluster, victim, $"kill-{run}", skip: 0),
            await NodeInspection.KeyServedByAsync(cluster, victim, $"kill-{run}", skip: 1),
            await NodeInspection.KeyServedByAsync(cluster, victim, $"kill-{run}", skip: 2),
            await NodeInspection.KeyServedByAsync(cluster, 0, $"kill-{run}"),
            await NodeInspection.KeyServedByAsync(cluster, 2, $"kill-{run}"),
        ];
        int[] victimCallers = [0, 1, 2];
        int[] otherCallers = [3, 4];
        var killed = cluster.Masters[victim];
        var replica = cluster.Replicas[victim];
        int[] survivingMasters = [.. cluster.Masters.Where(master => master != killed).Select(master => master.Port).Append(replica.Port).Order()];

        await using var loop = CallerLoop.Start(
            keys.Length,
            async (caller, iteration) =>
            {
                var value = $"{caller}:{iteration}";
                await redis.SetAsync(keys[caller], value, cancellationToken: Ct);

                // Replication is asynchronous, so the promoted replica may miss the last writes the dead master
                // acknowledged: a read may be older, but it is always this caller's own value, never another reply.
                var read = await redis.GetAsync(keys[caller], Ct);
                Assert.NotNull(read);
                var text = Encoding.UTF8.GetString(read);
                var parts = text.Split(':');
                Assert.True(parts.Length == 2 && parts[0] == caller.ToString(CultureInfo.InvariantCulture) && long.Parse(parts[1], CultureInfo.InvariantCulture) <= iteration, $"GET {keys[caller]} returned {text} after SET {value}");
            },
            allowed: ClusterFailoverTests.IsTypedSwitchError);
        try
        {
            await loop.WaitForSuccessesSinceAsync(0, Limit, "before the kill");
            log.Note($"killing master {victim} ({killed.EndPoint})");
            killed.Kill();
            var othersAtKill = otherCallers.Select(loop.Successes).ToArray();

            await WaitUntilMasterAsync(replica);
            log.Note($"replica {replica.EndPoint} is master");
            var othersAtPromotion = otherCallers.Select(loop.Successes).ToArray();
            var promotedAt = CallerLoop.Now;
            await loop.WaitForSuccessesSinceAsync(promotedAt, TimeSpan.FromSeconds(30), "after the replica took over");
            await ClusterFailoverTests.WaitForClientMastersAsync(connection, survivingMasters);
            await loop.StopAsync();

            Assert.True(loop.UnexpectedCount == 0, loop.Describe());
            Assert.All(victimCallers, caller => Assert.True(loop.TypedErrors(caller) > 0, $"caller {caller} never failed while its master was dead. {loop.Describe()}"));
            for (var i = 0; i < otherCallers.Length; i++)
            {
                Assert.True(othersAtPromotion[i] > othersAtKill[i], $"caller {otherCallers[i]} (another master) made no progress while the victim was down. {loop.Describe()}");
            }

            Assert.DoesNotContain(killed.Port, NodeInspection.ClientMasterPorts(connection));
            Assert.True(await redis.SetAsync(keys[0], "after", cancellationToken: Ct).AsTask().WaitAsync(Limit, Ct));
            Assert.Equal("after", await NodeInspection.GetAsync(replica, keys[0]));
        }
        finally
        {
            log.Note(loop.Describe());
            log.WriteToTestOutput();
        }
    }

    /// <summary>The cluster promotes a replica once the master has been unreachable for cluster-node-timeout (2 s here).</summary>
    private static async Task WaitUntilMasterAsync(RedisServerProcess node)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!(await node.CliAsync("INFO", "replication")).Contains("role:master", StringComparison.Ordinal))
        {
            if (watch.Elapsed > Limit)
            {
                throw new TimeoutException($"{node.EndPoint} was not promoted within {Limit.TotalSeconds:0} s.");
            }

            await Task.Delay(100, Ct);
        }
    }
}
