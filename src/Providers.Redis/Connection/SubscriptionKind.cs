namespace Adapters.Redis.Connection;

/// <summary>The three kinds of pub/sub subscription.</summary>
internal enum SubscriptionKind
{
    /// <summary>SUBSCRIBE: one channel.</summary>
    Channel,

    /// <summary>PSUBSCRIBE: channels matching a glob pattern.</summary>
    Pattern,

    /// <summary>SSUBSCRIBE: a shard channel (cluster: served by the slot's owner).</summary>
    Shard,
}

/// <summary>One pub/sub message.</summary>
/// <param name="Channel">The channel it was published to.</param>
/// <param name="Pattern">The pattern that matched, for pattern subscriptions.</param>
/// <param name="Payload">The message.</param>
internal sealed record RedisMessage(string Channel, string? Pattern, byte[] Payload);
