using System.Globalization;
using Adapters.TestServers;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>
/// A slot migration driven by hand with redis-cli (SETSLOT IMPORTING/MIGRATING, MIGRATE of chosen keys, SETSLOT NODE),
/// so a test can stop half-way and look at a slot whose keys are split between two masters.
/// </summary>
internal sealed class SlotMigration
{
    private readonly RedisClusterInfo _cluster;
    private readonly string _slot;
    private readonly RedisServerProcess _source;
    private readonly RedisServerProcess _target;
    private readonly string _targetId;
    private bool _finished;

    private SlotMigration(RedisClusterInfo cluster, int slot, RedisServerProcess source, RedisServerProcess target, string targetId)
    {
        _cluster = cluster;
        _slot = slot.ToString(CultureInfo.InvariantCulture);
        _source = source;
        _target = target;
        _targetId = targetId;
    }

    /// <summary>Marks the slot importing on the target and migrating on the source, as redis-cli --cluster reshard does.</summary>
    public static async Task<SlotMigration> BeginAsync(RedisClusterInfo cluster, int slot, RedisServerProcess source, RedisServerProcess target)
    {
        var sourceId = await NodeInspection.NodeIdAsync(source);
        var targetId = await NodeInspection.NodeIdAsync(target);
        var migration = new SlotMigration(cluster, slot, source, target, targetId);
        await target.CliAsync("CLUSTER", "SETSLOT", migration._slot, "IMPORTING", sourceId);
        await source.CliAsync("CLUSTER", "SETSLOT", migration._slot, "MIGRATING", targetId);
        return migration;
    }

    /// <summary>Moves just these keys to the target.</summary>
    public Task MigrateAsync(params string[] keys) =>
        _source.CliAsync(["MIGRATE", _target.Host, _target.Port.ToString(CultureInfo.InvariantCulture), string.Empty, "0", "5000", "KEYS", .. keys]);

    /// <summary>The slot's keys a node holds, sorted.</summary>
    public async Task<string[]> KeysOnAsync(RedisServerProcess node) =>
        [.. (await node.CliAsync("CLUSTER", "GETKEYSINSLOT", _slot, "1000")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];

    /// <summary>Migrates the remaining keys and gives the slot to the target on every master; idempotent.</summary>
    public async Task FinishAsync()
    {
        if (_finished)
        {
            return;
        }

        var remaining = await KeysOnAsync(_source);
        if (remaining.Length > 0)
        {
            await MigrateAsync(remaining);
        }

        // Target first, then source, then the others: no node answers for the slot with stale data meanwhile.
        await _target.CliAsync("CLUSTER", "SETSLOT", _slot, "NODE", _targetId);
        await _source.CliAsync("CLUSTER", "SETSLOT", _slot, "NODE", _targetId);
        foreach (var other in _cluster.Masters.Where(master => master != _source && master != _target && master.IsRunning))
        {
            await other.CliAsync("CLUSTER", "SETSLOT", _slot, "NODE", _targetId);
        }

        _finished = true;
    }
}
