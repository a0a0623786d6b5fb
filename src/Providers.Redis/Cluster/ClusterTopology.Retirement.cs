using System.Collections.Concurrent;
using Adapters.Redis.Connection;

namespace Adapters.Redis.Cluster;

/// <summary>
/// Closing the pools of nodes that stopped being masters (failed over, removed, killed): after a grace period that
/// lets their commands in flight finish, and only if the slot map still does not name them.
/// </summary>
internal sealed partial class ClusterTopology
{
    private static readonly TimeSpan RetirementGrace = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<RedisEndPoint, byte> _retiring = new();

    private void RetireFormerMasters(SlotMap map)
    {
        foreach (var endPoint in _pools.Keys)
        {
            if (!map.Masters.Contains(endPoint) && _retiring.TryAdd(endPoint, 0))
            {
                _ = RetireAsync(endPoint);
            }
        }
    }

    private async Task RetireAsync(RedisEndPoint endPoint)
    {
        try
        {
            await Task.Delay(RetirementGrace, _lifetime.Token).ConfigureAwait(false);
            if (!_map.Masters.Contains(endPoint) && _pools.TryGetValue(endPoint, out var pool) && _pools.TryRemove(new KeyValuePair<RedisEndPoint, ConnectionPool>(endPoint, pool)))
            {
                ClusterLog.PoolRetired(_logger, endPoint.ToString());
                await pool.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The topology is being disposed: it disposes every pool itself.
        }
        finally
        {
            _retiring.TryRemove(endPoint, out _);
        }
    }
}
