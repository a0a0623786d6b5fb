using System.Collections.Concurrent;
using Adapters.Redis.Cluster;
using Adapters.Redis.Connection;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis;

/// <summary>
/// Shard channels (SSUBSCRIBE): on a cluster a shard channel lives on the master owning its slot, so each owner gets
/// its own subscriber, and a channel whose slot migrates is subscribed again on its new owner.
/// </summary>
public sealed partial class RedisConnection
{
    private const int ShardResubscribeAttempts = 10;
    private readonly ConcurrentDictionary<RedisEndPoint, Lazy<Task<Subscriber>>> _shardSubscribers = new();

    /// <summary>Subscribes <paramref name="handler"/> to the shard channel <paramref name="channel"/> where it lives.</summary>
    internal async Task SubscribeShardAsync(string channel, Action<RedisMessage> handler, CancellationToken cancellationToken)
    {
        var subscriber = _topology is ClusterTopology cluster && cluster.OwnerEndPointOf(HashSlot.Of(channel)) is { } owner
            ? await ShardSubscriberAsync(owner).WaitAsync(cancellationToken).ConfigureAwait(false)
            : await GetSubscriberAsync(cancellationToken).ConfigureAwait(false);
        await subscriber.SubscribeAsync(SubscriptionKind.Shard, channel, handler, cancellationToken).ConfigureAwait(false);
    }

    private Task<Subscriber> ShardSubscriberAsync(RedisEndPoint owner)
        => _shardSubscribers.GetOrAdd(owner, endPoint => new Lazy<Task<Subscriber>>(async () =>
        {
            var subscriber = new Subscriber(endPoint, _options, _loggerFactory.CreateLogger("Adapters.Redis.PubSub"));
            subscriber.ShardChannelMoved += (channel, handlers) => _ = FollowShardChannelAsync(channel, handlers);
            await subscriber.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            return subscriber;
        })).Value;

    // The slot moved: reload the map until it names another owner, then subscribe the orphaned handlers there.
    private async Task FollowShardChannelAsync(string channel, Action<RedisMessage>[] handlers)
    {
        var logger = _loggerFactory.CreateLogger("Adapters.Redis.PubSub");
        for (var attempt = 0; attempt < ShardResubscribeAttempts; attempt++)
        {
            try
            {
                await Task.Delay(Backoff.Delay(attempt, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2))).ConfigureAwait(false);
                if (_topology is ClusterTopology cluster)
                {
                    await cluster.RefreshNowAsync().ConfigureAwait(false);
                }

                foreach (var handler in handlers)
                {
                    await SubscribeShardAsync(channel, handler, CancellationToken.None).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
            {
                ShardLog.ResubscribeFailed(logger, channel, attempt + 1, ex);
            }
        }
    }

    private async ValueTask DisposeShardSubscribersAsync()
    {
        foreach (var lazy in _shardSubscribers.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Log messages of shard channel subscriptions.</summary>
internal static partial class ShardLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing shard channel {Channel} on its new owner failed (attempt {Attempt})")]
    public static partial void ResubscribeFailed(ILogger logger, string channel, int attempt, Exception exception);
}
