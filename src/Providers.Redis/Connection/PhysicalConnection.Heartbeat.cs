
using Adapters.Redis.Commands;

namespace Adapters.Redis.Connection;

/// <summary>A periodic tick that times out overdue commands and pings an idle connection.</summary>
internal sealed partial class PhysicalConnection
{
    private static readonly RedisCommand Ping = RedisCommand.Of("PING");

    // Also the bound on how late a cancellation of a young command is noticed (see PendingReply.WatchCancellation).
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(50);

    private void StartHeartbeat()
        => _heartbeat = TimeProvider.System.CreateTimer(static state => ((PhysicalConnection)state!).Beat(), this, TickPeriod, TickPeriod);

    private void Beat()
    {
        if (_state is ConnectionState.Broken or ConnectionState.Disposed)
        {
            return;
        }

        _pending.WatchCancellations();

        var now = Now;
        var timeout = _options.AsyncTimeout;
        var expired = _pending.FailExpired(now - (long)timeout.TotalMilliseconds, pending => new RedisTimeoutException(pending.Command.Name, pending.KeyText, EndPointText, timeout, InFlight));
        if (expired > 0)
        {
            ConnectionLog.TimedOut(_logger, EndPointText, expired, timeout);
        }

        var idle = now - Volatile.Read(ref _lastActivity);
        if (_state == ConnectionState.Ready && _options.KeepAlive > TimeSpan.Zero && idle >= _options.KeepAlive.TotalMilliseconds && InFlight == 0)
        {
            Volatile.Write(ref _lastActivity, now);
            _ = KeepAliveAsync();
        }
    }

    // A failed ping means a dead connection, which the read loop reports; the ping itself has nothing to add.
    private async Task KeepAliveAsync()
    {
        try
        {
            await ExecuteAsync(Ping, [], Replies.Ignore, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            ConnectionLog.KeepAliveFailed(_logger, EndPointText, ex);
        }
    }
}
