using Adapters.Compression;
using Microsoft.Extensions.Options;

namespace Adapters.Redis;

/// <summary>
/// Options of <see cref="RedisAuthStateStore"/>. The connection comes from <see cref="ConnectionFactory"/>,
/// <see cref="ConfigurationOptions"/> or <see cref="Configuration"/> (looked at in that order) unless the store is
/// constructed on an existing <see cref="RedisConnection"/>.
/// </summary>
public sealed class RedisAuthStateOptions : IOptions<RedisAuthStateOptions>
{
    /// <summary>The name credentials are stored under (<c>auth:{S}:creds</c>); no key type may carry a TTL under it.</summary>
    public const string CredentialsName = "creds";

    /// <summary>A StackExchange.Redis-style configuration string (<c>host:port,password=…,ssl=true</c>).</summary>
    public string? Configuration { get; set; }

    /// <summary>Parsed connection options; preferred over <see cref="Configuration"/> when both are set.</summary>
    public RedisOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// Supplies the connection instead, typically a <see cref="RedisConnection"/> shared with other providers. Called
    /// once, on first use; the store does not dispose what it returns.
    /// </summary>
    public Func<Task<RedisConnection>>? ConnectionFactory { get; set; }

    /// <summary>
    /// Time to live per key type (e.g. <c>sender-key-memory</c>, <c>device-list</c>): the type's hash of a session
    /// expires this long after the last change-set that touched it. Credentials, pre-keys and identity keys can never
    /// expire (<see cref="Validate"/> rejects them): losing one loses the session or breaks its peers.
    /// </summary>
    public IDictionary<string, TimeSpan> KeyTimeToLive { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>
    /// The largest value (credentials or one key) accepted; a change-set holding a larger one is refused whole before
    /// anything is sent. 512 MiB by default, Redis' <c>proto-max-bulk-len</c>.
    /// </summary>
    public int MaxValueBytes { get; set; } = 512 * 1024 * 1024;

    /// <summary>
    /// How values are framed (DESIGN.md): uncompressed by default; give it a codec and a threshold to compress large
    /// values (sessions, app-state versions) while pre-keys stay plain. Values written with any codec stay readable.
    /// </summary>
    public ValueFramer Framer { get; set; } = ValueFramer.Uncompressed;

    /// <summary>Returns this instance, so the options can be passed where an <see cref="IOptions{TOptions}"/> is expected.</summary>
    RedisAuthStateOptions IOptions<RedisAuthStateOptions>.Value => this;

    /// <summary>Whether <paramref name="type"/> may be given a time to live (not credentials, pre-keys or identity keys).</summary>
    public static bool CanExpire(string type)
        => type is not (CredentialsName or AuthKeyTypes.PreKey or AuthKeyTypes.IdentityKey);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxValueBytes, nameof(MaxValueBytes));
        ArgumentNullException.ThrowIfNull(Framer, nameof(Framer));
        foreach (var (type, ttl) in KeyTimeToLive)
        {
            NameRules.ValidateKeyType(type, nameof(KeyTimeToLive));
            if (!CanExpire(type))
            {
                throw new ArgumentException($"Key type '{type}' cannot have a time to live: losing credentials, pre-keys or identity keys breaks the session.", nameof(KeyTimeToLive));
            }

            if (ttl < TimeSpan.FromMilliseconds(1) || ttl > MaxTimeToLive)
            {
                throw new ArgumentException($"The time to live of key type '{type}' must be between 1 ms and {MaxTimeToLive.TotalDays:0} days.", nameof(KeyTimeToLive));
            }
        }
    }

    internal RedisAuthStateOptions Clone()
    {
        var clone = new RedisAuthStateOptions
        {
            Configuration = Configuration,
            ConfigurationOptions = ConfigurationOptions?.Clone(),
            ConnectionFactory = ConnectionFactory,
            MaxValueBytes = MaxValueBytes,
            Framer = Framer,
        };
        foreach (var (type, ttl) in KeyTimeToLive)
        {
            clone.KeyTimeToLive[type] = ttl;
        }

        return clone;
    }

    // Ten years: far beyond any useful cache lifetime, and well inside PEXPIRE's range.
    private static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(3650);
}
