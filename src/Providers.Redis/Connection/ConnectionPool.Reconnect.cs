namespace Adapters.Redis.Connection;

/// <summary>Opening and re-opening the pool's connections.</summary>
internal sealed partial class ConnectionPool
{
    private async Task<RedisConnectionException?> TryConnectSlotAsync(int slot, CancellationToken cancellationToken)
    {
        RedisConnectionException? last = null;
        for (var attempt = 0; attempt < Math.Max(1, _options.ConnectRetry); attempt++)
        {
            try
            {
                Install(slot, await PhysicalConnection.ConnectAsync(EndPoint, _options, _logger, _pushHandler, OnBroken, cancellationToken).ConfigureAwait(false));
                return null;
            }
            catch (RedisConnectionException ex) when (ex.Failure != RedisConnectionFailure.AuthenticationFailed)
            {
                last = ex;
            }
        }

        return last;
    }

    private void Install(int slot, PhysicalConnection connection)
    {
        _slots[slot] = connection;
        _backlog.Drain((encoded, pending) => connection.TrySendEncoded(encoded, pending));
    }

    private void OnBroken(PhysicalConnection connection, Exception cause)
    {
        var slot = Array.IndexOf(_slots, connection);
        if (slot >= 0 && !IsDisposed)
        {
            ConnectionLost?.Invoke(this);
            StartReconnect(slot);
        }
    }

    private void StartReconnect(int slot)
    {
        lock (_reconnecting)
        {
            if (_reconnecting[slot])
            {
                return;
            }

            _reconnecting[slot] = true;
        }

        _ = ReconnectAsync(slot);
    }

    private async Task ReconnectAsync(int slot)
    {
        try
        {
            for (var attempt = 0; !IsDisposed; attempt++)
            {
                // The first retry is immediate: a dropped connection to a healthy server comes straight back.
                if (attempt > 0)
                {
                    await Task.Delay(Backoff.Delay(attempt - 1, _options.ReconnectMinDelay, _options.ReconnectMaxDelay), _lifetime.Token).ConfigureAwait(false);
                }

                try
                {
                    var connection = await PhysicalConnection.ConnectAsync(EndPoint, _options, _logger, _pushHandler, OnBroken, _lifetime.Token).ConfigureAwait(false);
                    if (IsDisposed)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        return;
                    }

                    Install(slot, connection);
                    ConnectionLog.Reconnected(_logger, EndPoint.ToString(), attempt + 1);
                    RedisMetrics.Reconnects.Add(1);
                    Reconnected?.Invoke(connection);
                    return;
                }
                catch (RedisConnectionException ex)
                {
                    ConnectionLog.ReconnectFailed(_logger, EndPoint.ToString(), attempt + 1, Backoff.Delay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay), ex);
                }
            }
        }
        catch (OperationCanceledException) when (IsDisposed)
        {
            // The pool was disposed while waiting to retry.
        }
        finally
        {
            lock (_reconnecting)
            {
                _reconnecting[slot] = false;
            }
        }
    }
}
