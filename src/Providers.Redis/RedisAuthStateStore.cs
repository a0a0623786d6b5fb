using Adapters.Redis.Auth;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Adapters.Redis;

/// <summary>
/// An <see cref="IAuthStateStore"/> on Redis, many sessions per database. Session <c>S</c> keeps its credentials in
/// the string <c>auth:{S}:creds</c>, the keys of each type in the hash <c>auth:{S}:keys:TYPE</c> and the names of
/// those types in the set <c>auth:{S}:types</c>; the <c>{S}</c> hash tag puts a whole session in one cluster slot.
/// </summary>
/// <remarks>
/// A read of keys is one HMGET, and concurrent reads of one session and type coalesce into one while another is in
/// flight. A change-set, whatever its size and number of types, is one Lua script: applied whole or not at all, and
/// idempotent, so a retry after an unknown outcome converges. Reads never write. Every failure of the server or the
/// connection surfaces as <see cref="AuthStoreUnavailableException"/> (fail closed), never as an empty result.
/// Values are stored as given; wrap the store in a compressing decorator to compress them.
/// </remarks>
public sealed partial class RedisAuthStateStore : IAuthStateStore, IAuthStateKeyEnumeration, IAsyncDisposable
{
    private readonly RedisAuthStateOptions _options;
    private readonly Dictionary<string, long> _ttlMilliseconds;
    private readonly AuthValueEncoding _values;
    private readonly KeyReadBatcher _reads;
    private readonly LazyConnection _connection;
    private int _disposed;

    /// <summary>Creates a store on an existing connection, which stays the caller's to dispose.</summary>
    /// <exception cref="ArgumentException">An option is unusable (see <see cref="RedisAuthStateOptions.Validate"/>).</exception>
    public RedisAuthStateStore(RedisConnection connection, RedisAuthStateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = (options ?? new RedisAuthStateOptions()).Clone();
        _options.Validate();
        _connection = new LazyConnection(this, connection);
        _ttlMilliseconds = TimeToLive(_options);
        _values = new AuthValueEncoding(_options.Framer);
        _reads = new KeyReadBatcher(FetchKeysAsync);
    }

    /// <summary>Creates a store that connects on first use, as configured by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">No connection is configured, the configuration string is invalid, or an option is unusable.</exception>
    public RedisAuthStateStore(IOptions<RedisAuthStateOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = (options.Value ?? throw new ArgumentException("The options have no value.", nameof(options))).Clone();
        _options.Validate();
        _connection = new LazyConnection(this, nameof(RedisAuthStateOptions), _options.Configuration, _options.ConfigurationOptions, _options.ConnectionFactory, loggerFactory, nameof(options));
        _ttlMilliseconds = TimeToLive(_options);
        _values = new AuthValueEncoding(_options.Framer);
        _reads = new KeyReadBatcher(FetchKeysAsync);
    }

    /// <summary>How many key reads are in flight right now (one per session and type being read).</summary>
    internal int ReadsInFlight => _reads.InFlight;

    /// <inheritdoc />
    public async ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        const string Action = "read the credentials";
        var key = AuthKeys.CredentialsOf(sessionId);
        var redis = await ExecutorAsync(Action, sessionId, cancellationToken).ConfigureAwait(false);
        byte[]? stored;
        try
        {
            stored = await redis.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AuthFailures.IsStoreFailure(ex))
        {
            throw AuthFailures.Unavailable(Action, sessionId, "GET", key, ex);
        }

        return stored is null ? null : _values.Decode(stored, sessionId, RedisAuthStateOptions.CredentialsName);
    }

    /// <inheritdoc />
    public async ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        ThrowIfTooLarge(credentials.Length, nameof(credentials));
        const string Action = "write the credentials";
        var key = AuthKeys.CredentialsOf(sessionId);
        var redis = await ExecutorAsync(Action, sessionId, cancellationToken).ConfigureAwait(false);
        bool written;
        try
        {
            written = await redis.SetAsync(key, _values.Encode(credentials), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AuthFailures.IsStoreFailure(ex))
        {
            throw AuthFailures.Unavailable(Action, sessionId, "SET", key, ex);
        }

        if (!written)
        {
            throw AuthFailures.Malformed(Action, sessionId, "SET", key, "no OK");
        }
    }

    /// <summary>Closes the connection if the store opened it; one passed in or from a factory stays open.</summary>
    public ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposed, 1);
        return _connection.DisposeAsync();
    }

    private static Dictionary<string, long> TimeToLive(RedisAuthStateOptions options)
        => options.KeyTimeToLive.ToDictionary(pair => pair.Key, pair => (long)Math.Ceiling(pair.Value.TotalMilliseconds), StringComparer.Ordinal);

    private void Enter(string sessionId, CancellationToken cancellationToken)
    {
        NameRules.ValidateSessionId(sessionId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void ThrowIfTooLarge(int length, string paramName)
    {
        if (length > _options.MaxValueBytes)
        {
            throw new ArgumentException($"A value of {length} bytes exceeds the store's limit of {_options.MaxValueBytes} bytes.", paramName);
        }
    }

    /// <summary>The connection's executor, connecting on first use; a failed connect fails closed like any command.</summary>
    private ValueTask<IRedisExecutor> ExecutorAsync(string action, string? sessionId, CancellationToken cancellationToken)
    {
        var executor = _connection.ExecutorAsync(cancellationToken);
        return executor.IsCompletedSuccessfully ? executor : ConnectAsync(executor, action, sessionId);
    }

    private static async ValueTask<IRedisExecutor> ConnectAsync(ValueTask<IRedisExecutor> connecting, string action, string? sessionId)
    {
        try
        {
            return await connecting.ConfigureAwait(false);
        }
        catch (Exception ex) when (AuthFailures.IsStoreFailure(ex))
        {
            throw AuthFailures.Unavailable(action, sessionId, "connect", key: null, ex);
        }
    }
}
