using Adapters.Redis.Connection;
using Adapters.Redis.Hybrid;

namespace Adapters.Redis;

/// <summary>
/// An <see cref="IHybridCacheBackplane"/> on Redis pub/sub: one channel (<see cref="RedisHybridCacheBackplaneOptions.Channel"/>)
/// carries every node's key, tag and everything invalidations in a compact binary format, received on the connection's
/// subscriber. When the subscriber reconnects, messages may have been missed: handlers get
/// <see cref="HybridCacheInvalidation.Everything"/> (origin <see langword="null"/>) at once, and again once a marker the
/// backplane publishes comes back through the restored subscription, so no L1 entry stays stale for good.
/// </summary>
public sealed class RedisHybridCacheBackplane : IHybridCacheBackplane, IAsyncDisposable
{
    private readonly ResyncingChannel<HybridCacheInvalidation, HybridInvalidationCodec> _channel;

    /// <summary>Creates the backplane on <paramref name="connection"/> (shared, not owned: disposing the backplane leaves it open).</summary>
    /// <exception cref="ArgumentException">An option is unusable (the exception names it).</exception>
    public RedisHybridCacheBackplane(RedisConnection connection, RedisHybridCacheBackplaneOptions? options = null)
        : this(ResyncingChannel.Shared(connection), ownsConnection: false, options)
    {
    }

    /// <summary>
    /// Creates the backplane on the connection <paramref name="connect"/> opens on first use (tried again after a
    /// failure); when <paramref name="ownsConnection"/>, disposing the backplane closes it.
    /// </summary>
    internal RedisHybridCacheBackplane(Func<Task<RedisConnection>> connect, bool ownsConnection, RedisHybridCacheBackplaneOptions? options)
    {
        options ??= new RedisHybridCacheBackplaneOptions();
        options.Validate();
        _channel = new(this, options.Channel, connect, ownsConnection, "HybridCache invalidation", "Adapters.Redis.HybridBackplane", Unavailable);
    }

    /// <summary>The channel messages travel on.</summary>
    public string Channel => _channel.Name;

    /// <inheritdoc />
    public ValueTask PublishAsync(HybridCacheInvalidation invalidation, CancellationToken cancellationToken = default)
        => _channel.PublishAsync(invalidation, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> SubscribeAsync(Action<HybridCacheInvalidation> handler, CancellationToken cancellationToken = default)
        => _channel.SubscribeAsync(handler, cancellationToken);

    /// <summary>Unsubscribes from the channel; a connection passed in stays open, one the backplane opened itself is closed.</summary>
    public ValueTask DisposeAsync() => _channel.DisposeAsync();

    // Names the operation and the key (never a value): the key says which entry may now be stale elsewhere.
    private static StoreUnavailableException Unavailable(string operation, HybridCacheInvalidation? invalidation, Exception inner)
        => new($"Redis could not {operation} HybridCache invalidations: {inner.Message}", inner) { Operation = operation, Key = invalidation?.Key };
}
