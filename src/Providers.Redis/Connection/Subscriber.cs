using Adapters.Redis.Protocol;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Connection;

/// <summary>
/// The dedicated pub/sub connection: SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE with handlers, RESP3 CLIENT TRACKING
/// invalidations, and everything re-subscribed after a reconnect. Handlers run on the read loop: keep them short.
/// </summary>
internal sealed partial class Subscriber : IPushHandler, IAsyncDisposable
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);

    private readonly ConnectionPool _pool;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<(SubscriptionKind Kind, string Channel), List<Action<RedisMessage>>> _handlers = [];
    private readonly Dictionary<(SubscriptionKind Kind, string Channel), TaskCompletionSource> _confirmations = [];
    private TrackingRegistration? _tracking;

    public Subscriber(RedisEndPoint endPoint, RedisOptions options, ILogger logger)
    {
        _logger = logger;
        _pool = new ConnectionPool(endPoint, options, logger, size: 1, pushHandler: this);
        _pool.Reconnected += connection => _ = RestoreAsync();
    }

    /// <summary>Raised after the subscriber reconnected and re-subscribed: messages may have been missed meanwhile.</summary>
    public event Action? Reconnected;

    /// <summary>
    /// Raised when the server dropped a shard channel we still listen to (its slot moved to another cluster node), with
    /// the handlers it had: they are no longer registered here and must subscribe where the slot lives now.
    /// </summary>
    public event Action<string, Action<RedisMessage>[]>? ShardChannelMoved;

    public bool IsConnected => _pool.IsConnected;

    public Task ConnectAsync(CancellationToken cancellationToken) => _pool.ConnectAsync(cancellationToken);

    /// <summary>Follows the server to a new address (sentinel failover); subscriptions are restored there.</summary>
    public void MoveTo(RedisEndPoint endPoint) => _pool.MoveTo(endPoint);

    /// <summary>Adds a handler; the first handler of a channel subscribes and waits for the server's confirmation.</summary>
    public async Task SubscribeAsync(SubscriptionKind kind, string channel, Action<RedisMessage> handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        TaskCompletionSource? confirmation = null;
        lock (_gate)
        {
            if (_handlers.TryGetValue((kind, channel), out var existing))
            {
                existing.Add(handler);
                return;
            }

            _handlers[(kind, channel)] = [handler];
            confirmation = _confirmations[(kind, channel)] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (!_pool.TrySendWithoutReply(Encode(SubscribeCommand(kind), channel)))
        {
            // Not connected now: RestoreAsync subscribes once the connection is back; the handler stays registered.
            lock (_gate)
            {
                _confirmations.Remove((kind, channel));
            }

            return;
        }

        try
        {
            await confirmation.Task.WaitAsync(ConfirmTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _confirmations.Remove((kind, channel));
            }

            throw new RedisTimeoutException(SubscribeCommand(kind).Name, channel, _pool.EndPoint.ToString(), ConfirmTimeout, 0);
        }
    }

    /// <summary>Removes a handler; the last one of a channel unsubscribes.</summary>
    public void Unsubscribe(SubscriptionKind kind, string channel, Action<RedisMessage> handler)
    {
        lock (_gate)
        {
            if (!_handlers.TryGetValue((kind, channel), out var handlers) || !handlers.Remove(handler) || handlers.Count > 0)
            {
                return;
            }

            _handlers.Remove((kind, channel));
        }

        _pool.TrySendWithoutReply(Encode(UnsubscribeCommand(kind), channel));
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    public bool TryHandle(ref RespReader reader, PhysicalConnection connection)
    {
        if (reader.IsError && connection.InFlight == 0)
        {
            // No reply is awaited, so the error answers a subscription command (e.g. MOVED for SSUBSCRIBE).
            SubscriberLog.SubscriptionRefused(_logger, reader.PayloadToString());
            return true;
        }

        if (reader.Type is not (RespType.Push or RespType.Array) || reader.Length < 2)
        {
            return false;
        }

        var frame = reader;
        frame.MoveNext();
        var kind = frame.PayloadToString();
        switch (kind)
        {
            case "message" or "smessage":
                Deliver(kind == "message" ? SubscriptionKind.Channel : SubscriptionKind.Shard, ref frame, hasPattern: false);
                return true;
            case "pmessage":
                Deliver(SubscriptionKind.Pattern, ref frame, hasPattern: true);
                return true;
            case "subscribe" or "psubscribe" or "ssubscribe":
                frame.MoveNext();
                Confirm(kind switch { "psubscribe" => SubscriptionKind.Pattern, "ssubscribe" => SubscriptionKind.Shard, _ => SubscriptionKind.Channel }, frame.PayloadToString());
                frame.MoveNext();
                return true;
            case "sunsubscribe":
                frame.MoveNext();
                ShardChannelDropped(frame.PayloadToString());
                frame.SkipValue();
                return true;
            case "unsubscribe" or "punsubscribe":
                frame.SkipValue();
                frame.SkipValue();
                return true;
            case "invalidate" when reader.Type == RespType.Push:
                Invalidate(ref frame);
                return true;
            default:
                // RESP2 "pong" and ordinary replies belong to the reply queue.
                return false;
        }
    }

    private void Deliver(SubscriptionKind kind, ref RespReader frame, bool hasPattern)
    {
        string? pattern = null;
        if (hasPattern)
        {
            frame.MoveNext();
            pattern = frame.PayloadToString();
        }

        frame.MoveNext();
        var channel = frame.PayloadToString();
        frame.MoveNext();
        var message = new RedisMessage(channel, pattern, frame.PayloadToArray());
        Action<RedisMessage>[] handlers;
        lock (_gate)
        {
            handlers = _handlers.TryGetValue((kind, pattern ?? channel), out var list) ? [.. list] : [];
        }

        foreach (var handler in handlers)
        {
            try
            {
                handler(message);
            }
            catch (Exception ex)
            {
                SubscriberLog.HandlerFailed(_logger, channel, ex);
            }
        }
    }

    // We unsubscribe only after removing the last handler, so a shard channel that still has handlers was dropped by the
    // server: its slot moved.
    private void ShardChannelDropped(string channel)
    {
        Action<RedisMessage>[] orphaned;
        lock (_gate)
        {
            if (!_handlers.Remove((SubscriptionKind.Shard, channel), out var handlers))
            {
                return;
            }

            orphaned = [.. handlers];
        }

        ShardChannelMoved?.Invoke(channel, orphaned);
    }

    private void Confirm(SubscriptionKind kind, string channel)
    {
        TaskCompletionSource? confirmation;
        lock (_gate)
        {
            _confirmations.Remove((kind, channel), out confirmation);
        }

        confirmation?.TrySetResult();
    }

    private static RedisCommand SubscribeCommand(SubscriptionKind kind) => kind switch
    {
        SubscriptionKind.Pattern => RedisCommand.Of("PSUBSCRIBE"),
        SubscriptionKind.Shard => RedisCommand.Of("SSUBSCRIBE"),
        _ => RedisCommand.Of("SUBSCRIBE"),
    };

    private static RedisCommand UnsubscribeCommand(SubscriptionKind kind) => kind switch
    {
        SubscriptionKind.Pattern => RedisCommand.Of("PUNSUBSCRIBE"),
        SubscriptionKind.Shard => RedisCommand.Of("SUNSUBSCRIBE"),
        _ => RedisCommand.Of("UNSUBSCRIBE"),
    };

    private static ReadOnlySpan<byte> Encode(RedisCommand command, string channel) => CommandEncoder.Encode(command, [channel]);
}
