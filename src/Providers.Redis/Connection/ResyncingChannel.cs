using Adapters.Internal;
using Adapters.Redis.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Adapters.Redis.Connection;

/// <summary>
/// One pub/sub channel of invalidations, shared by every process: connects on first use, subscribes once for all of
/// its handlers, and after the subscriber reconnects tells them everything may be stale (see
/// <c>ResyncingChannel.Resync.cs</c>). The buses on Redis are thin fronts over it that bring their message type and
/// wire format (<typeparamref name="TCodec"/>).
/// </summary>
internal sealed partial class ResyncingChannel<T, TCodec> : IAsyncDisposable
    where T : class
    where TCodec : IChannelCodec<T>
{
    private readonly object _owner;
    private readonly Func<Task<RedisConnection>> _connect;
    private readonly bool _ownsConnection;
    private readonly string _subject;
    private readonly string _loggerCategory;
    private readonly Func<string, T?, Exception, Exception> _unavailable;
    private readonly Lock _gate = new();
    private readonly SubscriberList<T> _handlers = new();
    private readonly Action<RedisMessage> _onMessage;
    private readonly Action _onReconnected;
    private Task<RedisConnection>? _connecting;
    private ILogger _logger = NullLogger.Instance;
    private Task<Subscriber>? _subscribing;
    private bool _disposed;

    /// <summary>
    /// Creates the channel <paramref name="name"/> on the connection <paramref name="connect"/> opens on first use (tried
    /// again after a failure); when <paramref name="ownsConnection"/>, disposing closes it. <paramref name="owner"/> is
    /// the object named by <see cref="ObjectDisposedException"/>; <paramref name="subject"/> names the messages in
    /// logs; <paramref name="unavailable"/> wraps a failure of an operation (publish, subscribe) on a message.
    /// </summary>
    public ResyncingChannel(
        object owner,
        string name,
        Func<Task<RedisConnection>> connect,
        bool ownsConnection,
        string subject,
        string loggerCategory,
        Func<string, T?, Exception, Exception> unavailable)
    {
        _owner = owner;
        Name = name;
        _connect = connect;
        _ownsConnection = ownsConnection;
        _subject = subject;
        _loggerCategory = loggerCategory;
        _unavailable = unavailable;
        _onMessage = OnMessage;
        _onReconnected = OnReconnected;
    }

    /// <summary>The channel messages travel on.</summary>
    public string Name { get; }

    /// <summary>Publishes <paramref name="invalidation"/> to every subscriber of the channel (this process's too).</summary>
    public async ValueTask PublishAsync(T invalidation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invalidation);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), _owner);
        try
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            await connection.Executor.PublishAsync(Name, TCodec.Encode(invalidation), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw _unavailable("publish", invalidation, ex);
        }
    }

    /// <summary>Subscribes the channel (once for every handler) and adds <paramref name="handler"/>.</summary>
    public async ValueTask<IAsyncDisposable> SubscribeAsync(Action<T> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), _owner);
        await EnsureSubscribedAsync(cancellationToken).ConfigureAwait(false);
        return _handlers.Add(handler);
    }

    /// <summary>Unsubscribes from the channel; a connection passed in stays open, one opened here is closed.</summary>
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
            _handlers.Clear();
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

    // What the store is unavailable for; cancellation, disposal and misuse pass through as they are.
    private static bool IsUnavailable(Exception ex) => ex is StoreUnavailableException or RedisServerException or RedisProtocolException;

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
            ?? throw new InvalidOperationException($"The connection factory of the {_subject} channel returned null.");
        _logger = connection.LoggerFactory.CreateLogger(_loggerCategory);
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
            await subscriber.SubscribeAsync(SubscriptionKind.Channel, Name, _onMessage, CancellationToken.None).ConfigureAwait(false);
            return subscriber;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            // A retry subscribes afresh: nothing of this attempt may stay registered (it would deliver twice).
            if (subscriber is not null)
            {
                Detach(subscriber);
            }

            throw _unavailable("subscribe", null, ex);
        }
    }

    private void Detach(Subscriber subscriber)
    {
        subscriber.Reconnected -= _onReconnected;
        subscriber.Unsubscribe(SubscriptionKind.Channel, Name, _onMessage);
    }
}

/// <summary>Helpers of <see cref="ResyncingChannel{T, TCodec}"/> that do not depend on its message type.</summary>
internal static class ResyncingChannel
{
    /// <summary>A connect function that returns <paramref name="connection"/> (shared: the channel does not own it).</summary>
    public static Func<Task<RedisConnection>> Shared(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var ready = Task.FromResult(connection);
        return () => ready;
    }
}
