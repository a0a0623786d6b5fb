namespace Adapters.TestServers;

public sealed partial class RedisClusterInfo
{
    private const int MigrateBatch = 100;

    /// <summary>
    /// Moves <paramref name="slot"/> with its keys from <c>Masters[fromMasterIndex]</c> to <c>Masters[toMasterIndex]</c>
    /// the way redis-cli --cluster reshard does (SETSLOT IMPORTING/MIGRATING, MIGRATE, SETSLOT NODE on every master),
    /// then waits until every node agrees on the new owner.
    /// </summary>
    public async Task MoveSlotAsync(int slot, int fromMasterIndex, int toMasterIndex)
    {
        ValidateSlot(slot);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var masters = Volatile.Read(ref _roles).Masters;
            ArgumentOutOfRangeException.ThrowIfNegative(fromMasterIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fromMasterIndex, masters.Length);
            ArgumentOutOfRangeException.ThrowIfNegative(toMasterIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(toMasterIndex, masters.Length);
            if (fromMasterIndex == toMasterIndex)
            {
                throw new ArgumentException("Source and target master are the same.", nameof(toMasterIndex));
            }

            var source = masters[fromMasterIndex];
            var target = masters[toMasterIndex];
            var view = await NodesViewAsync(source).ConfigureAwait(false);
            var sourceEntry = view.Single(entry => entry.IsMyself);
            if (!sourceEntry.Owns(slot))
            {
                throw new InvalidOperationException($"Slot {slot} is not served by master {fromMasterIndex}.");
            }

            var targetId = view.Single(entry => entry.Port == target.Port).Id;
            await target.ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceEntry.Id).ConfigureAwait(false);
            await source.ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId).ConfigureAwait(false);
            await MigrateKeysAsync(source, target, slot).ConfigureAwait(false);

            // Target first, then source, then the rest: the order redis-cli uses, so no node ever answers for the slot with stale data.
            await target.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", targetId).ConfigureAwait(false);
            await source.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", targetId).ConfigureAwait(false);
            foreach (var other in masters.Where(master => master != source && master != target && master.IsRunning))
            {
                await other.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", targetId).ConfigureAwait(false);
            }

            await Poll.UntilAsync(
                async () =>
                {
                    foreach (var node in _nodes.Where(node => node.IsRunning))
                    {
                        var owner = (await NodesViewAsync(node).ConfigureAwait(false)).FirstOrDefault(entry => entry.IsMaster && entry.Owns(slot));
                        if (owner?.Id != targetId)
                        {
                            return $"{node.EndPoint} still sees slot {slot} on port {owner?.Port}";
                        }
                    }

                    return await PendingHealthAsync().ConfigureAwait(false);
                },
                SettleTimeout,
                $"every node sees slot {slot} on master {toMasterIndex}").ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task MigrateKeysAsync(RedisServerProcess source, RedisServerProcess target, int slot)
    {
        while (true)
        {
            var keys = await source.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, MigrateBatch).ConfigureAwait(false);
            if (keys.Items.Count == 0)
            {
                return;
            }

            // Raw key bytes go back as they came, so binary keys migrate intact.
            List<object> migrate = ["MIGRATE", target.Host, target.Port, string.Empty, 0, 5000, "REPLACE", "KEYS"];
            migrate.AddRange(keys.Items.Select(key => (object)key.Bytes!));
            await source.ExecuteAsync([.. migrate]).ConfigureAwait(false);
        }
    }
}
