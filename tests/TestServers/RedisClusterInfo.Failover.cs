namespace Adapters.TestServers;

public sealed partial class RedisClusterInfo
{
    /// <summary>
    /// CLUSTER FAILOVER on the replica of <c>Masters[masterIndex]</c> (FORCE when that master is not running), then waits
    /// until the replica is master everywhere and the cluster is healthy. Afterwards <c>Masters[masterIndex]</c> is the
    /// promoted node and <c>Replicas[masterIndex]</c> the old master.
    /// </summary>
    public async Task FailoverAsync(int masterIndex)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var (masters, replicas) = Volatile.Read(ref _roles);
            ArgumentOutOfRangeException.ThrowIfNegative(masterIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(masterIndex, masters.Length);
            var master = masters[masterIndex];
            var replica = replicas[masterIndex];
            if (!replica.IsRunning)
            {
                throw new InvalidOperationException($"The replica of master {masterIndex} is not running, so it cannot take over.");
            }

            var masterId = await IdFromViewAsync(replica, master.Port).ConfigureAwait(false);
            object[] command = master.IsRunning ? ["CLUSTER", "FAILOVER"] : ["CLUSTER", "FAILOVER", "FORCE"];
            await replica.ExecuteAsync(command).ConfigureAwait(false);

            await Poll.UntilAsync(
                async () =>
                {
                    var entries = await NodesViewAsync(replica).ConfigureAwait(false);
                    var promoted = entries.Single(entry => entry.IsMyself);
                    if (!promoted.IsMaster)
                    {
                        return $"{replica.EndPoint} is still a replica";
                    }

                    if (master.IsRunning && entries.Single(entry => entry.Id == masterId).MasterId != promoted.Id)
                    {
                        return $"the old master {master.EndPoint} does not replicate the new one yet";
                    }

                    return await PendingHealthAsync().ConfigureAwait(false);
                },
                SettleTimeout,
                $"the replica {replica.EndPoint} took over from master {masterIndex}").ConfigureAwait(false);

            var newMasters = masters.ToArray();
            var newReplicas = replicas.ToArray();
            newMasters[masterIndex] = replica;
            newReplicas[masterIndex] = master;
            Volatile.Write(ref _roles, new Roles(newMasters, newReplicas));
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<string> IdFromViewAsync(RedisServerProcess observer, int port)
    {
        var entries = await NodesViewAsync(observer).ConfigureAwait(false);
        return entries.Single(entry => entry.Port == port).Id;
    }
}
