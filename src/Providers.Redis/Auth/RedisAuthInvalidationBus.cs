using Adapters.Redis.Auth;
using Adapters.Redis.Connection;

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
    private readonly ResyncingChannel<AuthStateInvalidation, RedisAuthInvalidationCodec> _channel;

    /// <summary>Creates the bus on <paramref name="connection"/> (shared, not owned: disposing the bus leaves it open).</summary>
    /// <exception cref="ArgumentException">An option is unusable (the exception names it).</exception>
    public RedisAuthInvalidationBus(RedisConnection connection, RedisAuthInvalidationBusOptions? options = null)
        : this(ResyncingChannel.Shared(connection), ownsConnection: false, options)
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
        _channel = new(this, options.Channel, connect, ownsConnection, "auth-state invalidation", "Adapters.Redis.AuthInvalidation", Unavailable);
    }

    /// <summary>The channel messages travel on.</summary>
    public string Channel => _channel.Name;

    /// <inheritdoc />
    public ValueTask PublishAsync(AuthStateInvalidation invalidation, CancellationToken cancellationToken = default)
        => _channel.PublishAsync(invalidation, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> SubscribeAsync(Action<AuthStateInvalidation> handler, CancellationToken cancellationToken = default)
        => _channel.SubscribeAsync(handler, cancellationToken);

    /// <summary>Unsubscribes from the channel; a connection passed in stays open, one the bus opened itself is closed.</summary>
    public ValueTask DisposeAsync() => _channel.DisposeAsync();

    private static AuthStoreUnavailableException Unavailable(string operation, AuthStateInvalidation? invalidation, Exception inner)
        => new($"Redis could not {operation} auth-state invalidations: {inner.Message}", inner) { SessionId = invalidation?.SessionId, Operation = operation };
}
