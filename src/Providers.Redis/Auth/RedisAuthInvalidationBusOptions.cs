using Adapters.Redis.Connection;

namespace Adapters.Redis;

/// <summary>Options of <see cref="RedisAuthInvalidationBus"/>.</summary>
public sealed class RedisAuthInvalidationBusOptions
{
    /// <summary>The default channel; the version in its name changes whenever the message format does.</summary>
    public const string DefaultChannel = "adapters:auth:v1:invalidate";

    /// <summary>
    /// The pub/sub channel. Pub/sub ignores the database number, so stores that share a server (in different databases
    /// or under different prefixes) may give each its own channel; sharing one only costs needless evictions.
    /// </summary>
    public string Channel { get; set; } = DefaultChannel;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate() => ChannelName.Validate(Channel, nameof(Channel));
}
