using System.Collections.Concurrent;
using System.Text;
using Adapters.Redis.Commands;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>A coordinated failover (CLUSTER FAILOVER on a replica) of a dedicated cluster while callers keep writing.</summary>
public sealed class ClusterFailoverTests(DedicatedCluster fixture) : IClassFixture<DedicatedCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Callers_get_typed_errors_at_most_during_the_switch_and_then_write_to_the_promoted_replica()
    {
        var cluster = await fixture.GetAsync();
        using var log = new LogCapture();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString + ",asyncTimeout=3000", log, Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        const int failing = 0;
        var run = Guid.NewGuid().ToString("N");

        // Four callers write to the master that fails over, one to each of the others.
        string[] keys =
        [
            await NodeInspection.KeyServedByAsync(cluster, failing, $"fo-{run}", skip: 0),
            await NodeInspection.KeyServedByAsync(cluster, failing, $"fo-{run}", skip: 1),
            await NodeInspection.KeyServedByAsync(cluster, failing, $"fo-{run}", skip: 2),
            await NodeInspection.KeyServedByAsync(cluster, failing, $"fo-{run}", skip: 3),
            await NodeInspection.KeyServedByAsync(cluster, 1, $"fo-{run}"),
            await NodeInspection.KeyServedByAsync(cluster, 2, $"fo-{run}"),
        ];
        var confirmed = new string?[keys.Length];
        var uncertain = keys.Select(_ => new ConcurrentBag<string>()).ToArray();
        var oldMaster = cluster.Masters[failing];
        var promoted = cluster.Replicas[failing];

        await using var loop = CallerLoop.Start(
            keys.Length,
            async (caller, iteration) =>
            {
                var value = $"{caller}:{iteration}";
                try
                {
                    await redis.SetAsync(keys[caller], value, cancellationToken: Ct);
                }
                catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
                {
                    uncertain[caller].Add(value);
                    throw;
                }

                confirmed[caller] = value;

                // Nobody else writes this key, and a coordinated failover loses no acknowledged write: the reply is
                // the value just written (or one whose SET failed without telling whether it ran).
                var read = await redis.GetAsync(keys[caller], Ct);
                var text = read is null ? "(nil)" : Encoding.UTF8.GetString(read);
                Assert.True(text == value || uncertain[caller].Contains(text), $"GET {keys[caller]} returned {text} after SET {value}");
            },
            allowed: IsTypedSwitchError);
        try
        {
            await loop.WaitForSuccessesSinceAsync(0, Limit, "before the failover");
            log.Note($"failing over master {failing} ({oldMaster.EndPoint}) to {promoted.EndPoint}");
            await cluster.FailoverAsync(failing).WaitAsync(Limit, Ct);
            log.Note("failover complete");
            await loop.WaitForSuccessesSinceAsync(CallerLoop.Now, Recovery, "after the failover");
            await WaitForClientMastersAsync(connection, [.. cluster.Masters.Select(master => master.Port).Order()]);
            await loop.StopAsync();

            Assert.True(loop.UnexpectedCount == 0, loop.Describe());
            Assert.Contains(promoted.Port, NodeInspection.ClientMasterPorts(connection));
            Assert.DoesNotContain(oldMaster.Port, NodeInspection.ClientMasterPorts(connection));
            Assert.Equal("master", await NodeInspection.RoleAsync(promoted));
            for (var caller = 0; caller < 4; caller++)
            {
                // The last acknowledged writes sit on the promoted replica, the slots' master now.
                var stored = await NodeInspection.GetAsync(promoted, keys[caller]);
                Assert.True(stored == confirmed[caller] || uncertain[caller].Contains(stored), $"{keys[caller]} holds {stored} on the new master, last confirmed {confirmed[caller]}");
            }

            // And the client writes there directly now.
            Assert.True(await redis.SetAsync(keys[0], "after", cancellationToken: Ct).AsTask().WaitAsync(Limit, Ct));
            Assert.Equal("after", await NodeInspection.GetAsync(promoted, keys[0]));
        }
        finally
        {
            log.Note(loop.Describe());
            log.WriteToTestOutput();
        }
    }

    /// <summary>What a caller may see while a master changes: the connection's typed errors or the cluster saying so.</summary>
    internal static bool IsTypedSwitchError(Exception ex) =>
        ex is RedisConnectionException or RedisTimeoutException
        || ex is RedisServerException { ErrorCode: "CLUSTERDOWN" or "TRYAGAIN" };

    /// <summary>Waits until the client routes to exactly these masters (it refreshes its slot map in the background).</summary>
    internal static async Task WaitForClientMastersAsync(RedisConnection connection, IReadOnlyList<int> ports)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!NodeInspection.ClientMasterPorts(connection).SequenceEqual(ports))
        {
            if (watch.Elapsed > Recovery)
            {
                throw new TimeoutException($"The client routes to [{string.Join(",", NodeInspection.ClientMasterPorts(connection))}], not [{string.Join(",", ports)}], {Recovery.TotalSeconds:0} s later.");
            }

            await Task.Delay(50, Ct);
        }
    }
}
