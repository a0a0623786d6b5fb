using Adapters.Redis.Commands;
using Adapters.Redis.Maps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Adapters.Redis;

/// <summary>
/// Change-tracking maps on Redis: every map opened on one name, from any process, shares the same keys
/// (<c>map:{NAME}</c> and its <c>:__meta:</c> companions, one cluster slot per map).
/// </summary>
public sealed class RedisMapStore : IChangeTrackingMapFactory
{
    private readonly RedisConnection _connection;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates a store over a shared connection.</summary>
    public RedisMapStore(RedisConnection connection, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _loggerFactory = loggerFactory ?? connection.LoggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <inheritdoc />
    /// <remarks>Pass <see cref="RedisMapOptions{TKey, TValue}"/> to choose a strategy or compression.</remarks>
    public IChangeTrackingMap<TKey, TValue> GetMap<TKey, TValue>(string name, ChangeTrackingMapOptions<TKey, TValue>? options = null)
        where TKey : notnull
    {
        NameRules.ValidateMapName(name);
        var redisOptions = options as RedisMapOptions<TKey, TValue> ?? new RedisMapOptions<TKey, TValue>();
        if (options is not null and not RedisMapOptions<TKey, TValue>)
        {
            redisOptions.KeySerializer = options.KeySerializer;
            redisOptions.ValueSerializer = options.ValueSerializer;
        }

        redisOptions.Validate();
        return new RedisChangeTrackingMap<TKey, TValue>(_connection.Executor, name, redisOptions, _loggerFactory.CreateLogger("Adapters.Redis.Map"));
    }

    /// <summary>
    /// Builds the sorted index of a map written before it had one, online and resumably (writers keep writing; a
    /// stopped migration resumes from its saved cursor), then switches SortedIndex reads to it.
    /// </summary>
    public Task<MapMigrationStatus> MigrateToSortedIndexAsync(string name, IProgress<MapMigrationStatus>? progress = null, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateMapName(name);
        return Migration(name).RunAsync(pageSize, progress, cancellationToken);
    }

    /// <summary>Where the sorted index of a map stands.</summary>
    public Task<MapMigrationStatus> GetMigrationStatusAsync(string name, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateMapName(name);
        return Migration(name).StatusAsync(cancellationToken);
    }

    /// <summary>Deletes a map with all its metadata (UNLINK: freed in the background, never blocking the server).</summary>
    public async Task DropMapAsync(string name, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateMapName(name);
        var keys = new MapKeys(name);
        var redis = _connection.Executor;
        foreach (var (group, _) in await redis.HashGetAllAsync(keys.Groups, cancellationToken).ConfigureAwait(false))
        {
            await redis.UnlinkAsync(keys.Lease(System.Text.Encoding.UTF8.GetString(group)), cancellationToken).ConfigureAwait(false);
        }

        foreach (var key in new[] { keys.Values, keys.Timestamps, keys.Index, keys.Clock, keys.Groups, keys.Tombstones, keys.IndexState, keys.Migration })
        {
            await redis.UnlinkAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    private MapMigration Migration(string name) => new(_connection.Executor, new MapKeys(name), _loggerFactory.CreateLogger("Adapters.Redis.Map"));
}
