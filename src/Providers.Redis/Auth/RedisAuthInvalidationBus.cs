using Adapters.Redis.Auth;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Adapters.Redis;

/// <summary>
/// An <see cref="IAuthStateInvalidationBus"/> on Redis pub/sub: one channel (<see cref="RedisAuthInvalidationBusOptions.Channel"/>)
/// carries every process's invalidations, received on the connection's subscriber (on a cluster, PUBLISH reaches every
/// node). When the subscriber reconnects, messages may have been missed: handlers get
/// <see cref="AuthStateInvalidation.Everything"/> at once, and again once a marker this bus publishes comes back through
/// the restored subscription (a write announced between the reconnect and the server restoring the subscription is
/// covered by that second flush).
/// </summary>
public sealed class RedisAuthInvalidationBus : IAuthStateInvalidationBus, IAsyncDisposable
{
    private readonly Func<Task<RedisConnection>> _connect;
    private readonly bool _ownsConnection;
    private readonly string _channel;
    private readonly string _busId = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly Action<RedisMessage> _onMessage;
    private readonly Action _onReconnected;
    private Task<RedisConnection>? _connecting;
    private ILogger _logger = NullLogger.Instance;
    private Action<AuthStateInvalidation>[] _handlers = [];
    private Task<Subscriber>? _subscribing;
    private Resync? _resync;
    private long _markers;
    private bool _disposed;

    /// <summary>Creates the bus on <paramref name="connection"/> (shared, not owned: disposing the bus leaves it open).</summary>
    /// <exception cref="ArgumentException">An option is unusable (the exception names it).</exception>
    public RedisAuthInvalidationBus(RedisConnection connection, RedisAuthInvalidationBusOptions? options = null)
        : this(Shared(connection), ownsConnection: false, options)
    {
    }

    /// <summary>
    /// Creates the bus on the connection <paramref name="connect"/> opens on first use (tried again after a failure);
    /// when <paramref name="ownsConnection"/>, disposing the bus closes it.
    /// </summary>
    internal RedisAuthInvalidationBus(Func<Task<RedisConnection>> connect, bool ownsConnection, RedisAuthInvalidationBusOptions? options)
    {
        options ??= new RedisAuthInvalidationBusOptions();
        options.Validate();
        _connect = connect;
        _ownsConnection = ownsConnection;
        _channel = options.Channel;
        _onMessage = OnMessage;
        _onReconnected = OnReconnected;
    }

    /// <summary>The channel messages travel on.</summary>
    public string Channel => _channel;

    /// <inheritdoc />
    public async ValueTask PublishAsync(AuthStateInvalidation invalidation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invalidation);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        try
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            await connection.Executor.PublishAsync(_channel, RedisAuthInvalidationCodec.Encode(invalidation), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or RedisServerException or RedisProtocolException)
        {
            throw Unavailable("publish", invalidation.SessionId, ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> SubscribeAsync(Action<AuthStateInvalidation> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        await EnsureSubscribedAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            Volatile.Write(ref _handlers, [.. _handlers, handler]);
        }

        return new Subscription(this, handler);
    }

    /// <summary>Unsubscribes from the channel; a connection passed in stays open, one the bus opened itself is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<Subscriber>? subscribing;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Volatile.Write(ref _handlers, []);
            subscribing = _subscribing;
        }

        Volatile.Read(ref _resync)?.Cancel();

        if (subscribing is not null)
        {
            // A subscription that failed was undone by its attempt (and its failure went to whoever awaited it).
            await ((Task)subscribing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (subscribing.IsCompletedSuccessfully)
            {
                Detach(subscribing.Result);
            }
        }

        if (_ownsConnection && _connecting is { } connecting)
        {
            await ((Task)connecting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (connecting.IsCompletedSuccessfully)
            {
                await connecting.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static Func<Task<RedisConnection>> Shared(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var ready = Task.FromResult(connection);
        return () => ready;
    }

    private async Task<RedisConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        Task<RedisConnection> connecting;
        lock (_gate)
        {
            connecting = _connecting ??= ConnectOnceAsync();
        }

        try
        {
            return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (connecting.IsFaulted)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_connecting, connecting))
                {
                    _connecting = null;
                }
            }

            throw;
        }
    }

    private async Task<RedisConnection> ConnectOnceAsync()
    {
        var connection = await _connect().ConfigureAwait(false)
            ?? throw new InvalidOperationException("The connection factory of the invalidation bus returned null.");
        _logger = connection.LoggerFactory.CreateLogger("Adapters.Redis.AuthInvalidation");
        return connection;
    }

    private async ValueTask EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        Task<Subscriber> subscribing;
        lock (_gate)
        {
            subscribing = _subscribing ??= SubscribeChannelAsync();
        }

        try
        {
            await subscribing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (subscribing.IsFaulted)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_subscribing, subscribing))
                {
                    _subscribing = null;
                }
            }

            throw;
        }
    }

    private async Task<Subscriber> SubscribeChannelAsync()
    {
        Subscriber? subscriber = null;
        try
        {
            var connection = await ConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            subscriber = await connection.GetSubscriberAsync(CancellationToken.None).ConfigureAwait(false);
            subscriber.Reconnected += _onReconnected;
            await subscriber.SubscribeAsync(SubscriptionKind.Channel, _channel, _onMessage, CancellationToken.None).ConfigureAwait(false);
            return subscriber;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or RedisServerException or RedisProtocolException)
        {
            // A retry subscribes afresh: nothing of this attempt may stay registered (it would deliver twice).
            if (subscriber is not null)
            {
                Detach(subscriber);
            }

            throw Unavailable("subscribe", null, ex);
        }
    }

    private void Detach(Subscriber subscriber)
    {
        subscriber.Reconnected -= _onReconnected;
        subscriber.Unsubscribe(SubscriptionKind.Channel, _channel, _onMessage);
    }

    private void OnMessage(RedisMessage message)
    {
        AuthStateInvalidation? invalidation;
        string? marker;
        try
        {
            (invalidation, marker) = RedisAuthInvalidationCodec.Decode(message.Payload);
        }
        catch (InvalidDataException ex)
        {
            // Something changed that we cannot tell: everything may be stale.
            RedisAuthInvalidationLog.Undecodable(_logger, _channel, ex);
            Deliver(AuthStateInvalidation.Everything(null));
            return;
        }

        if (invalidation is not null)
        {
            Deliver(invalidation);
        }
        else if (marker is not null && marker.StartsWith(_busId, StringComparison.Ordinal) && Volatile.Read(ref _resync) is { } resync && resync.Arrived())
        {
            Deliver(AuthStateInvalidation.Everything(null));
        }
    }

    private void OnReconnected()
    {
        RedisAuthInvalidationLog.Resubscribed(_logger, _channel);
        Deliver(AuthStateInvalidation.Everything(null));
        var resync = new Resync();
        Interlocked.Exchange(ref _resync, resync)?.Cancel();
        _ = ResyncAsync(resync);
    }

    // The subscription is restored asynchronously to the reconnect: a write announced before the server took our
    // SUBSCRIBE again is missed, and a reader may have cached its old value after the first flush. A marker published
    // after that point comes back only through the restored subscription; when it does, flushing once more covers the
    // gap. It is published again (with backoff) until it comes back or a newer reconnect takes over.
    private async Task ResyncAsync(Resync resync)
    {
        for (var attempt = 0; !resync.IsCancelled && !Volatile.Read(ref _disposed); attempt++)
        {
            // Any marker of this bus that comes back proves the restored subscription: the server delivers a message
            // on the new connection only if it processed it after our SUBSCRIBE.
            var marker = $"{_busId}:{Interlocked.Increment(ref _markers)}";
            try
            {
                var connection = await ConnectionAsync(CancellationToken.None).ConfigureAwait(false);
                await connection.Executor.PublishAsync(_channel, RedisAuthInvalidationCodec.EncodeMarker(marker), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or RedisServerException or RedisProtocolException)
            {
                RedisAuthInvalidationLog.MarkerFailed(_logger, _channel, ex);
            }

            var wait = TimeSpan.FromMilliseconds(Math.Min(25 << Math.Min(attempt, 7), 2000));
            if (await resync.WaitAsync(wait).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private void Deliver(AuthStateInvalidation invalidation)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(invalidation);
            }
            catch (Exception ex)
            {
                RedisAuthInvalidationLog.HandlerFailed(_logger, _channel, ex);
            }
        }
    }

    private void Unsubscribe(Action<AuthStateInvalidation> handler)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
            {
                Volatile.Write(ref _handlers, [.. _handlers[..index], .. _handlers[(index + 1)..]]);
            }
        }
    }

    /// <summary>One resynchronization after a reconnect, done when a marker of this bus comes back.</summary>
    private sealed class Resync
    {
        private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsCancelled => _done.Task is { IsCompleted: true, Result: false };

        /// <summary>True the first time only: later markers of the same resync flush nothing more.</summary>
        public bool Arrived() => _done.TrySetResult(true);

        /// <summary>A newer reconnect took over.</summary>
        public void Cancel() => _done.TrySetResult(false);

        public async Task<bool> WaitAsync(TimeSpan wait)
        {
            await ((Task)_done.Task).WaitAsync(wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return _done.Task.IsCompleted;
        }
    }

    private static AuthStoreUnavailableException Unavailable(string operation, string? sessionId, Exception inner)
        => new($"Redis could not {operation} auth-state invalidations: {inner.Message}", inner) { SessionId = sessionId, Operation = operation };

    private sealed class Subscription(RedisAuthInvalidationBus bus, Action<AuthStateInvalidation> handler) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bus.Unsubscribe(handler);
            }

            return ValueTask.CompletedTask;
        }
    }
}
