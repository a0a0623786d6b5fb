using System.Globalization;

namespace Adapters.TestServers;

/// <summary>A master, one replica and three sentinels (quorum 2) monitoring them as "mymaster", on loopback.</summary>
public sealed partial class RedisSentinelInfo : IAsyncDisposable
{
    public const string DefaultServiceName = "mymaster";
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RedisServerProcess[] _sentinels;

    // Copy-on-write so a reader never sees the same process as both master and replica mid-failover.
    private Roles _roles;

    private RedisSentinelInfo(RedisServerProcess master, RedisServerProcess replica, RedisServerProcess[] sentinels)
    {
        _roles = new Roles(master, replica);
        _sentinels = sentinels;
    }

    /// <summary>The current master; FailoverAsync swaps it with <see cref="Replica"/>.</summary>
    public RedisServerProcess Master => Volatile.Read(ref _roles).Master;

    public RedisServerProcess Replica => Volatile.Read(ref _roles).Replica;

    public IReadOnlyList<RedisServerProcess> Sentinels => _sentinels;

    public string ServiceName => DefaultServiceName;

    /// <summary>"127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3,serviceName=mymaster".</summary>
    public string ConfigurationString => string.Join(',', _sentinels.Select(sentinel => sentinel.EndPoint)) + $",serviceName={ServiceName}";

    /// <summary>
    /// SENTINEL FAILOVER, then waits until every running sentinel names the replica as master, the old master
    /// replicates it and the sentinels see the old master as a healthy replica; then <see cref="Master"/> and
    /// <see cref="Replica"/> swap.
    /// </summary>
    public async Task FailoverAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var (master, replica) = Volatile.Read(ref _roles);
            var issuer = _sentinels.FirstOrDefault(sentinel => sentinel.IsRunning) ?? throw new InvalidOperationException("No sentinel is running.");
            await issuer.ExecuteAsync("SENTINEL", "FAILOVER", ServiceName).ConfigureAwait(false);
            await Poll.UntilAsync(() => PendingMasterAsync(replica), SettleTimeout, $"every sentinel names {replica.EndPoint} as master").ConfigureAwait(false);
            if (master.IsRunning)
            {
                // Sentinels would demote the old master only at their next INFO round (up to 10 s); doing what they
                // will do anyway, now, leaves the set settled for the next test step.
                var role = await master.InfoAsync("INFO", "replication").ConfigureAwait(false);
                if (role.GetValueOrDefault("role") == "master")
                {
                    await master.ExecuteAsync("REPLICAOF", replica.Host, replica.Port).ConfigureAwait(false);
                }
            }

            await Poll.UntilAsync(() => PendingSettledAsync(replica, master), SettleTimeout, $"the old master follows {replica.EndPoint}").ConfigureAwait(false);
            Volatile.Write(ref _roles, new Roles(replica, master));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sentinel in _sentinels)
        {
            await sentinel.DisposeAsync().ConfigureAwait(false);
        }

        var (master, replica) = Volatile.Read(ref _roles);
        await replica.DisposeAsync().ConfigureAwait(false);
        await master.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Null when every running sentinel reports <paramref name="master"/> as master, knows the two other sentinels
    /// and sees <paramref name="replica"/> (when running) as a replica in good standing whose link is up.
    /// </summary>
    private async Task<string?> PendingSettledAsync(RedisServerProcess master, RedisServerProcess replica)
    {
        if (await PendingMasterAsync(master).ConfigureAwait(false) is { } pending)
        {
            return pending;
        }

        foreach (var sentinel in _sentinels.Where(sentinel => sentinel.IsRunning))
        {

            var others = await sentinel.ExecuteAsync("SENTINEL", "SENTINELS", ServiceName).ConfigureAwait(false);
            if (others.Items.Count < _sentinels.Length - 1)
            {
                return $"sentinel {sentinel.EndPoint} knows {others.Items.Count} other sentinels";
            }

            if (!replica.IsRunning)
            {
                continue;
            }

            var replicas = await sentinel.ExecuteAsync("SENTINEL", "REPLICAS", ServiceName).ConfigureAwait(false);
            var flags = replicas.Items.Select(Fields).FirstOrDefault(fields => fields.GetValueOrDefault("port") == replica.Port.ToString(CultureInfo.InvariantCulture))?.GetValueOrDefault("flags");
            if (flags != "slave")
            {
                return $"sentinel {sentinel.EndPoint} lists replica {replica.EndPoint} with flags '{flags}'";
            }
        }

        return replica.IsRunning ? await replica.ReplicaLinkPendingAsync().ConfigureAwait(false) : null;
    }

    /// <summary>Null when every running sentinel names <paramref name="master"/> as the master of the service.</summary>
    private async Task<string?> PendingMasterAsync(RedisServerProcess master)
    {
        foreach (var sentinel in _sentinels.Where(sentinel => sentinel.IsRunning))
        {
            var address = await sentinel.ExecuteAsync("SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName).ConfigureAwait(false);
            var port = address.Items.Count == 2 ? address.Items[1].Text : "none";
            if (port != master.Port.ToString(CultureInfo.InvariantCulture))
            {
                return $"sentinel {sentinel.EndPoint} names port {port} as master";
            }
        }

        return null;
    }

    /// <summary>SENTINEL MASTERS/REPLICAS entries are flat name, value, name, value... arrays.</summary>
    private static Dictionary<string, string> Fields(RespReply entry)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < entry.Items.Count; i += 2)
        {
            fields[entry.Items[i].Text] = entry.Items[i + 1].Text;
        }

        return fields;
    }

    private sealed record Roles(RedisServerProcess Master, RedisServerProcess Replica);
}
