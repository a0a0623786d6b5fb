using System.Globalization;

namespace Adapters.TestServers;

public sealed partial class RedisSentinelInfo
{
    private const int SentinelCount = 3;

    internal static async Task<RedisSentinelInfo> StartAsync()
    {
        var master = await RedisServerProcess.StartAsync(new ServerSpec { Name = "sentinel-master" }).ConfigureAwait(false);
        var started = new List<RedisServerProcess> { master };
        try
        {
            var masterPort = master.Port.ToString(CultureInfo.InvariantCulture);
            var replica = await RedisServerProcess.StartAsync(new ServerSpec
            {
                Name = "sentinel-replica",
                ExtraArgs = ["--replicaof", master.Host, masterPort, "--replica-announce-ip", "127.0.0.1"],
            }).ConfigureAwait(false);
            started.Add(replica);

            // Sentinels list the replicas they find in the master's INFO: start them once the replica is attached.
            await Poll.UntilAsync(replica.ReplicaLinkPendingAsync, SettleTimeout, "the replica is attached to the master").ConfigureAwait(false);

            var config = string.Join('\n',
                "sentinel resolve-hostnames no",
                "sentinel announce-hostnames no",
                "sentinel announce-ip 127.0.0.1",
                $"sentinel monitor {DefaultServiceName} {master.Host} {masterPort} 2",
                $"sentinel down-after-milliseconds {DefaultServiceName} 1000",
                $"sentinel failover-timeout {DefaultServiceName} 3000",
                $"sentinel parallel-syncs {DefaultServiceName} 1",
                string.Empty);
            var specs = Enumerable.Range(0, SentinelCount).Select(_ => new ServerSpec { Name = "sentinel", SentinelConfig = config });
            var sentinels = await RedisServerProcess.StartAllAsync(specs).ConfigureAwait(false);
            started.AddRange(sentinels);

            var set = new RedisSentinelInfo(master, replica, sentinels);
            await Poll.UntilAsync(() => set.PendingSettledAsync(master, replica), SettleTimeout, "the sentinels know each other and the replica").ConfigureAwait(false);
            return set;
        }
        catch
        {
            foreach (var process in started)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }
}
