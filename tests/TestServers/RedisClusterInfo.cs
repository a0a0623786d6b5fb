namespace Adapters.TestServers;

/// <summary>A Redis Cluster of 3 masters with one replica each, on loopback, with helpers for failover and resharding.</summary>
public sealed partial class RedisClusterInfo : IAsyncDisposable
{
    public const int SlotCount = 16384;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private readonly RedisServerProcess[] _nodes;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Copy-on-write so readers get a consistent pair of lists while a failover swaps roles.
    private Roles _roles = new([], []);

    private RedisClusterInfo(RedisServerProcess[] nodes) => _nodes = nodes;

    public IReadOnlyList<RedisServerProcess> Nodes => _nodes;

    /// <summary>Masters ordered by their first slot (index 0 serves slot 0 after creation); FailoverAsync keeps indexes stable.</summary>
    public IReadOnlyList<RedisServerProcess> Masters => Volatile.Read(ref _roles).Masters;

    /// <summary><c>Replicas[i]</c> replicates <c>Masters[i]</c>.</summary>
    public IReadOnlyList<RedisServerProcess> Replicas => Volatile.Read(ref _roles).Replicas;

    /// <summary>Every node, "127.0.0.1:p1,127.0.0.1:p2,...".</summary>
    public string ConfigurationString => string.Join(',', _nodes.Select(node => node.EndPoint));

    /// <summary>CLUSTER KEYSLOT of <paramref name="key"/>.</summary>
    public async Task<int> SlotOfAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reply = await AnyRunningNode().ExecuteAsync("CLUSTER", "KEYSLOT", key).ConfigureAwait(false);
        return (int)reply.Integer;
    }

    /// <summary>The index in <see cref="Masters"/> of the master serving <paramref name="slot"/>, as the cluster reports it now.</summary>
    public async Task<int> MasterIndexOfSlotAsync(int slot)
    {
        ValidateSlot(slot);
        var entries = await NodesViewAsync(AnyRunningNode()).ConfigureAwait(false);
        var owner = entries.SingleOrDefault(entry => entry.IsMaster && entry.Owns(slot))
            ?? throw new InvalidOperationException($"No master serves slot {slot}.");
        var masters = Masters;
        for (var i = 0; i < masters.Count; i++)
        {
            if (masters[i].Port == owner.Port)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Slot {slot} is served by a node that is not one of Masters (port {owner.Port}).");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void ValidateSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, SlotCount);
    }

    private static async Task<IReadOnlyList<ClusterNodeEntry>> NodesViewAsync(RedisServerProcess node)
    {
        var reply = await node.ExecuteAsync("CLUSTER", "NODES").ConfigureAwait(false);
        return ClusterNodeEntry.ParseAll(reply.Text);
    }

    private RedisServerProcess AnyRunningNode() =>
        _nodes.FirstOrDefault(node => node.IsRunning) ?? throw new InvalidOperationException("No cluster node is running.");

    private RedisServerProcess NodeAt(int port) => _nodes.Single(node => node.Port == port);

    private sealed record Roles(RedisServerProcess[] Masters, RedisServerProcess[] Replicas);
}
