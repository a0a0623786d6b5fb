using Adapters.Redis.Connection;

namespace Adapters.Redis.Cluster;

/// <summary>Following redirections and keeping the slot map current.</summary>
internal sealed partial class ClusterTopology
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(200);
    private int _refreshing;

    public bool TryRedirect(PendingReply pending, string error)
    {
        if (IsBlock(pending) && !TryUnwrapAbortedBlock(pending, ref error))
        {
            return true;
        }

        var moved = error.StartsWith("MOVED ", StringComparison.Ordinal);
        var ask = error.StartsWith("ASK ", StringComparison.Ordinal);
        var tryAgain = error.StartsWith("TRYAGAIN", StringComparison.Ordinal);
        if ((!moved && !ask && !tryAgain) || pending.Redirects >= MaxRedirects || _lifetime.IsCancellationRequested)
        {
            return false;
        }

        pending.Redirects++;
        if (IsBlock(pending))
        {
            RewindBlock(pending);
        }

        if (tryAgain)
        {
            // The slot is mid-migration for a multi-key command: retry shortly on whoever owns it then.
            pending.AddConnectionOwner();
            _ = RetryLaterAsync(pending);
            return true;
        }

        // "MOVED 3999 127.0.0.1:6381" / "ASK 3999 127.0.0.1:6381"
        var parts = error.Split(' ');
        if (parts.Length < 3 || !int.TryParse(parts[1], out var slot) || !RedisEndPoint.TryParse(parts[2], out var target))
        {
            return false;
        }

        var pool = PoolFor(target);
        pending.AddConnectionOwner();
        if (moved)
        {
            _map = _map.With(slot, target);
            RequestRefresh();
            pool.Send(pending.Retained.Span, pending);
            return true;
        }

        if (!pool.TrySendAsking(pending.Retained.Span, pending))
        {
            // A node without a ready connection yet, typically a new master a slot is migrating to: ask it once connected.
            _ = AskWhenConnectedAsync(pool, pending);
        }

        return true;
    }

    /// <summary>Reloads the slot map soon (at most every 200 ms), and keeps reloading while a master is unreachable.</summary>
    private void RequestRefresh()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = RefreshLoopAsync();
        }
    }

    private async Task RefreshLoopAsync()
    {
        try
        {
            do
            {
                await Task.Delay(RefreshInterval, _lifetime.Token).ConfigureAwait(false);
                await RefreshOnceAsync().ConfigureAwait(false);
            }
            while (!_lifetime.IsCancellationRequested && !IsConnected);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed.
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task RefreshOnceAsync()
    {
        foreach (var pool in _pools.Values.Where(pool => pool.IsConnected).ToList())
        {
            try
            {
                var map = await LoadMapAsync(pool, pool.EndPoint, _lifetime.Token).ConfigureAwait(false);
                if (map.Masters.Count > 0)
                {
                    _map = map;
                    foreach (var master in map.Masters)
                    {
                        PoolFor(master);
                    }

                    RetireFormerMasters(map);

                    ClusterLog.MapRefreshed(_logger, map.Masters.Count, map.UnservedSlots);
                    return;
                }
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisServerException or RedisTimeoutException or RedisProtocolException)
            {
                ClusterLog.RefreshFailed(_logger, pool.EndPoint.ToString(), ex);
            }
        }
    }

    private async Task AskWhenConnectedAsync(ConnectionPool pool, PendingReply pending)
    {
        var deadline = Environment.TickCount64 + (long)_options.ConnectTimeout.TotalMilliseconds;
        try
        {
            while (Environment.TickCount64 < deadline && !pending.IsCompleted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), _lifetime.Token).ConfigureAwait(false);
                if (pool.TrySendAsking(pending.Retained.Span, pending))
                {
                    return;
                }
            }

            pending.TryFail(new RedisConnectionException(RedisConnectionFailure.NotConnected, pool.EndPoint.ToString(), pending.Command.Name, $"Redis redirected {pending.Command.Name} to {pool.EndPoint} (ASK), which could not be reached within the connect timeout."));
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            pending.TryFail(new RedisConnectionException(RedisConnectionFailure.Disposed, string.Empty, pending.Command.Name, "The cluster connection was disposed."));
        }

        pending.ReleaseFromConnection();
    }

    private async Task RetryLaterAsync(PendingReply pending)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            pending.TryFail(new RedisConnectionException(RedisConnectionFailure.Disposed, string.Empty, pending.Command.Name, "The cluster connection was disposed."));
            pending.ReleaseFromConnection();
            return;
        }

        var key = pending.KeyText;
        var pool = key is null ? null : OwnerOf(HashSlot.Of(key));
        if (pool is null)
        {
            pending.TryFail(new RedisConnectionException(RedisConnectionFailure.NotConnected, string.Empty, pending.Command.Name, "No cluster master serves the slot; the slot map is being refreshed."));
            pending.ReleaseFromConnection();
            return;
        }

        pool.Send(pending.Retained.Span, pending);
    }
}
