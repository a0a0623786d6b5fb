using Adapters.Redis.Protocol;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Connection;

/// <summary>
/// A few multiplexed connections to one server. Each command goes to the ready connection with the fewest commands
/// in flight; a broken connection reconnects in the background with exponential backoff and jitter, and commands
/// arriving while none is ready wait in a bounded backlog or fail fast, as the options say.
/// </summary>
internal sealed partial class ConnectionPool : IRedisExecutor, IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly IPushHandler? _pushHandler;
    private readonly PhysicalConnection?[] _slots;
    private readonly bool[] _reconnecting;
    private readonly Backlog _backlog;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ITimer _backlogSweep;
    private readonly IRedisExecutor[] _self;

    public ConnectionPool(RedisEndPoint endPoint, RedisOptions options, ILogger logger, int size, IPushHandler? pushHandler = null)
    {
        EndPoint = endPoint;
        _options = options;
        _logger = logger;
        _pushHandler = pushHandler;
        _slots = new PhysicalConnection?[size];
        _reconnecting = new bool[size];
        _backlog = new Backlog(options.BacklogLimit);
        _self = [this];
        _backlogSweep = TimeProvider.System.CreateTimer(static state => ((ConnectionPool)state!).SweepBacklog(), this, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
        RedisMetrics.Track(this);
    }

    /// <summary>Raised (on a pool thread) after a connection was re-established, e.g. to resubscribe.</summary>
    public event Action<PhysicalConnection>? Reconnected;

    /// <summary>Raised when a connection of the pool broke (a cluster refreshes its slot map then).</summary>
    public event Action<ConnectionPool>? ConnectionLost;

    /// <summary>The server; sentinel topologies move it when the master changes.</summary>
    public RedisEndPoint EndPoint { get; private set; }

    public bool IsConnected => _slots.Any(slot => slot?.IsReady == true);

    /// <summary>Commands in flight on every connection of the pool (spill connections included).</summary>
    public int InFlight => _slots.Sum(slot => slot?.InFlight ?? 0) + SpillInFlight;

    /// <summary>What the handshake of a ready connection learned about the server.</summary>
    public ServerInfo? Server => _slots.FirstOrDefault(slot => slot?.IsReady == true)?.Server;

    public IReadOnlyList<IRedisExecutor> Masters => _self;

    private bool IsDisposed => _lifetime.IsCancellationRequested;

    /// <summary>Opens every connection, retrying each <see cref="RedisOptions.ConnectRetry"/> times.</summary>
    /// <exception cref="RedisConnectionException">No connection could be opened and the options abort on connect failure.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, _slots.Length).Select(slot => TryConnectSlotAsync(slot, cancellationToken))).ConfigureAwait(false);
        var failure = results.FirstOrDefault(error => error is not null);
        if (failure is null)
        {
            return;
        }

        if (_options.AbortOnConnectFail && !IsConnected)
        {
            throw failure;
        }

        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is null)
            {
                StartReconnect(slot);
            }
        }
    }

    public ValueTask<T> ExecuteAsync<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken, int keyIndex = -1)
    {
        // A caller that already gave up must not have its command run.
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var pending = PendingReply<T>.Rent(command, parser, cancellationToken);
        if (keyIndex >= 0)
        {
            pending.SetKey(args[keyIndex]);
        }

        Send(CommandEncoder.Encode(command, args), pending);
        return pending.Task;
    }

    public void Send(ReadOnlySpan<byte> encoded, PendingReply pending, string? routingKey) => Send(encoded, pending);

    /// <summary>Sends an encoded command on the least busy ready connection, or backlogs it, or fails it.</summary>
    public void Send(ReadOnlySpan<byte> encoded, PendingReply pending)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var connection = PickReady();
            if (connection is null)
            {
                break;
            }

            if (connection.TrySendEncoded(encoded, pending))
            {
                return;
            }
        }

        if (IsDisposed)
        {
            Refuse(pending, RedisConnectionFailure.Disposed, $"The Redis connection to {EndPoint} was disposed.");
        }
        else if (AllReadyBlocked())
        {
            // Connected, but every reader is blocked in a synchronous wait: the command waits for a spill connection
            // (or for a reader to come back), whatever the backlog policy says about outages.
            SendToSpill(encoded, pending);
        }
        else if (_options.BacklogPolicy == RedisBacklogPolicy.FailFast)
        {
            Refuse(pending, RedisConnectionFailure.NotConnected, $"No connection to Redis at {EndPoint} is ready and the backlog policy is fail-fast.");
        }
        else if (!_backlog.TryAdd(encoded, pending))
        {
            Refuse(pending, RedisConnectionFailure.NotConnected, $"No connection to Redis at {EndPoint} is ready and the backlog is full ({_options.BacklogLimit} commands).");
        }
        else if (PickReady() is { } ready)
        {
            // A connection came back between the checks: do not leave the command waiting for the next one.
            _backlog.Drain((encoded, pending) => ready.TrySendEncoded(encoded, pending));
        }
    }

    /// <summary>Sends <c>ASKING</c> plus a redirected command on one ready connection; false when none is ready.</summary>
    public bool TrySendAsking(ReadOnlySpan<byte> encoded, PendingReply pending)
    {
        var connection = PickReady();
        if (connection is null)
        {
            return false;
        }

        var asking = PendingReply<bool>.Rent(RedisCommand.Of("ASKING"), Commands.Replies.Ignore, CancellationToken.None);
        if (connection.TrySendAsking(encoded, asking, pending))
        {
            // Nobody awaits the ASKING reply: give up the caller's share of it now.
            _ = asking.Task.AsTask();
            return true;
        }

        asking.ReleaseFromConnection();
        asking.ReleaseFromConnection();
        return false;
    }

    /// <summary>Connects every slot in the background (a node discovered later, e.g. after a MOVED).</summary>
    public void ConnectInBackground()
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            StartReconnect(slot);
        }
    }

    /// <summary>Sends a command answered out-of-band (SUBSCRIBE); false when no connection is ready.</summary>
    public bool TrySendWithoutReply(ReadOnlySpan<byte> encoded) => PickReady()?.TrySendWithoutReply(encoded) == true;


    /// <summary>Points the pool at another server (a sentinel failover) and reconnects every connection.</summary>
    public void MoveTo(RedisEndPoint endPoint)
    {
        if (endPoint == EndPoint)
        {
            return;
        }

        EndPoint = endPoint;
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            _slots[slot]?.Fail(new RedisConnectionException(RedisConnectionFailure.ConnectionLost, _slots[slot]!.EndPointText, null, $"The master moved to {endPoint}."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsDisposed)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        RedisMetrics.Untrack(this);
        await _backlogSweep.DisposeAsync().ConfigureAwait(false);
        _backlog.FailWhere(_ => true, pending => new RedisConnectionException(RedisConnectionFailure.Disposed, EndPoint.ToString(), pending.Command.Name, $"The Redis connection to {EndPoint} was disposed before {pending.Command.Name} could be sent."));
        foreach (var connection in _slots)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        await DisposeIdleLeasesAsync().ConfigureAwait(false);
        await DisposeSpillAsync().ConfigureAwait(false);

        _lifetime.Dispose();
    }

    // A connection whose reader thread is blocked in a synchronous wait (see PhysicalConnection.SyncWaits) is never
    // picked: its replies cannot be read until the wait ends, and the wait may be for this very command.
    private PhysicalConnection? PickReady()
    {
        // A caller continuing on one of our read loops stays on that connection: its command then leaves in the
        // write that follows the batch of replies, instead of costing a write of its own on another connection.
        if (PhysicalConnection.CompletingRepliesOnThisThread is { IsReady: true, IsReaderBlocked: false } current
            && (Array.IndexOf(_slots, current) >= 0 || IsSpill(current)))
        {
            return current;
        }

        return LeastLoaded(_slots) ?? (AllReadyBlocked() ? LeastLoaded(Volatile.Read(ref _spill)) : null);
    }

    private static PhysicalConnection? LeastLoaded(PhysicalConnection?[] connections)
    {
        PhysicalConnection? best = null;
        var bestLoad = int.MaxValue;
        foreach (var connection in connections)
        {
            if (connection is { IsReady: true, IsReaderBlocked: false } && connection.InFlight < bestLoad)
            {
                best = connection;
                bestLoad = connection.InFlight;
                if (bestLoad == 0)
                {
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>Whether some connection is ready and every ready one has its reader blocked in a synchronous wait.</summary>
    private bool AllReadyBlocked()
    {
        var anyReady = false;
        foreach (var connection in _slots)
        {
            if (connection is { IsReady: true })
            {
                if (!connection.IsReaderBlocked)
                {
                    return false;
                }

                anyReady = true;
            }
        }

        return anyReady;
    }

    private void Refuse(PendingReply pending, RedisConnectionFailure failure, string message)
    {
        pending.TryFail(new RedisConnectionException(failure, EndPoint.ToString(), pending.Command.Name, message));
        pending.ReleaseFromConnection();
    }

    private void SweepBacklog()
    {
        if (_backlog.Count == 0)
        {
            return;
        }

        // Commands parked while every reader was blocked in a synchronous wait go out once one is free again.
        if (PickReady() is { } ready)
        {
            _backlog.Drain((encoded, pending) => ready.TrySendEncoded(encoded, pending));
        }

        _backlog.WatchCancellations();
        var deadline = Environment.TickCount64 - (long)_options.AsyncTimeout.TotalMilliseconds;
        _backlog.FailWhere(pending => pending.EnqueuedAt < deadline, pending => new RedisTimeoutException(pending.Command.Name, pending.KeyText, EndPoint.ToString(), _options.AsyncTimeout, 0));
    }
}
