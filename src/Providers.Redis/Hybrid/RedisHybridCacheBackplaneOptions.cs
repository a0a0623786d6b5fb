using Adapters.Redis.Connection;

namespace Adapters.Redis;

/// <summary>Options of <see cref="RedisHybridCacheBackplane"/>.</summary>
public sealed class RedisHybridCacheBackplaneOptions
{
    /// <summary>The default channel; the version in its name changes whenever the message format does.</summary>
    public const string DefaultChannel = "adapters:hybrid:v1";

    /// <summary>
    /// The pub/sub channel. Pub/sub ignores the database number, so caches that share a server but not their entries
    /// (other databases or key prefixes) may each take their own channel; sharing one only costs needless evictions.
    /// </summary>
    public string Channel { get; set; } = DefaultChannel;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate() => ChannelName.Validate(Channel, nameof(Channel));
}
