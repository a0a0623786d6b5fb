using System.Collections.Concurrent;
using Adapters.Redis.Commands;

namespace Adapters.Redis.Connection;

/// <summary>
/// Connections reserved for one caller at a time (WATCH … MULTI/EXEC). A returned lease is cleaned with UNWATCH and
/// kept idle for the next caller, so optimistic transactions do not pay a TCP connect and handshake each time.
/// </summary>
internal sealed partial class ConnectionPool
{
    private const int MaxIdleLeases = 2;
    private static readonly RedisCommand Unwatch = RedisCommand.Of("UNWATCH");
    private readonly ConcurrentStack<PhysicalConnection> _idleLeases = new();

    public async ValueTask<DedicatedConnection> LeaseAsync(string? routingKey, CancellationToken cancellationToken)
    {
        while (_idleLeases.TryPop(out var idle))
        {
            if (idle.IsReady && idle.EndPoint == EndPoint)
            {
                return new DedicatedConnection(idle, ReturnLeaseAsync);
            }

            await idle.DisposeAsync().ConfigureAwait(false);
        }

        var connection = await PhysicalConnection.ConnectAsync(EndPoint, _options, _logger, pushHandler: null, onBroken: null, cancellationToken).ConfigureAwait(false);
        return new DedicatedConnection(connection, ReturnLeaseAsync);
    }

    private async ValueTask ReturnLeaseAsync(PhysicalConnection connection)
    {
        if (!IsDisposed && connection.IsReady && connection.EndPoint == EndPoint && _idleLeases.Count < MaxIdleLeases)
        {
            try
            {
                // A caller that stopped between WATCH and EXEC must not leave its watch to the next one.
                await connection.ExecuteAsync(Unwatch, [], Replies.Ok, CancellationToken.None).ConfigureAwait(false);
                _idleLeases.Push(connection);
                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or RedisServerException)
            {
                ConnectionLog.LeaseDropped(_logger, EndPoint.ToString(), ex);
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask DisposeIdleLeasesAsync()
    {
        while (_idleLeases.TryPop(out var idle))
        {
            await idle.DisposeAsync().ConfigureAwait(false);
        }
    }
}
