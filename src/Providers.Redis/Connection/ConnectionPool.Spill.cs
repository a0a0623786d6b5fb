namespace Adapters.Redis.Connection;

/// <summary>
/// Spill connections: opened when the pool is connected but the reader thread of every ready connection is blocked in
/// a synchronous wait (a sync API called from a continuation that a read loop completed inline). Such a wait may be
/// for a command of its own, which must then travel on a connection whose reader is free, or nothing would ever read
/// its reply. With a pool of one connection this is the only way out; a spill is opened once and kept, like an idle
/// lease, and at most <see cref="MaxSpill"/> exist (one more per level of sync calls nested in such continuations).
/// Commands wait in the backlog while a spill connects, and the backlog sweep also hands them to any reader that is
/// free again.
/// </summary>
internal sealed partial class ConnectionPool
{
    private const int MaxSpill = 4;

    private readonly Lock _spillLock = new();
    private PhysicalConnection[] _spill = [];
    private bool _spillConnecting;

    private int SpillInFlight => Volatile.Read(ref _spill).Sum(connection => connection.InFlight);

    private bool IsSpill(PhysicalConnection connection) => Array.IndexOf(Volatile.Read(ref _spill), connection) >= 0;

    private void SendToSpill(ReadOnlySpan<byte> encoded, PendingReply pending)
    {
        if (!_backlog.TryAdd(encoded, pending))
        {
            Refuse(pending, RedisConnectionFailure.NotConnected, $"Every connection to Redis at {EndPoint} is blocked by a synchronous call and the backlog is full ({_options.BacklogLimit} commands).");
            return;
        }

        if (PickReady() is { } ready)
        {
            // A spill (or a freed reader) became usable between the checks.
            _backlog.Drain((encoded, pending) => ready.TrySendEncoded(encoded, pending));
            return;
        }

        StartSpill();
    }

    private void StartSpill()
    {
        lock (_spillLock)
        {
            if (_spillConnecting || _spill.Length >= MaxSpill || IsDisposed)
            {
                return;
            }

            _spillConnecting = true;
        }

        _ = ConnectSpillAsync();
    }

    private async Task ConnectSpillAsync()
    {
        try
        {
            var connection = await PhysicalConnection.ConnectAsync(EndPoint, _options, _logger, _pushHandler, OnSpillBroken, _lifetime.Token).ConfigureAwait(false);
            lock (_spillLock)
            {
                if (!IsDisposed)
                {
                    _spill = [.. _spill, connection];
                    connection = null;
                }
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }

            ConnectionLog.SpillOpened(_logger, EndPoint.ToString());
            if (PickReady() is { } ready)
            {
                _backlog.Drain((encoded, pending) => ready.TrySendEncoded(encoded, pending));
            }
        }
        catch (RedisConnectionException ex)
        {
            // The backlogged commands still leave when a reader is free again, or time out.
            ConnectionLog.SpillFailed(_logger, EndPoint.ToString(), ex);
        }
        catch (OperationCanceledException) when (IsDisposed)
        {
            // The pool was disposed while the spill connected.
        }
        catch (ObjectDisposedException) when (IsDisposed)
        {
            // The pool's lifetime token was disposed while the spill connected.
        }
        finally
        {
            lock (_spillLock)
            {
                _spillConnecting = false;
            }
        }
    }

    private void OnSpillBroken(PhysicalConnection connection, Exception cause)
    {
        lock (_spillLock)
        {
            _spill = [.. _spill.Where(spill => spill != connection)];
        }
    }

    private async ValueTask DisposeSpillAsync()
    {
        PhysicalConnection[] spill;
        lock (_spillLock)
        {
            spill = _spill;
            _spill = [];
        }

        foreach (var connection in spill)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
