using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>Server and connection commands (keyless: any master on a cluster unless stated).</summary>
internal static class ServerCommands
{
    private static readonly RedisCommand Ping = RedisCommand.Of("PING");
    private static readonly RedisCommand Time = RedisCommand.Of("TIME");
    private static readonly RedisCommand Info = RedisCommand.Of("INFO");
    private static readonly RedisCommand FlushDb = RedisCommand.Of("FLUSHDB");
    private static readonly RedisCommand DbSize = RedisCommand.Of("DBSIZE");
    private static readonly RedisCommand Publish = RedisCommand.Of("PUBLISH");
    private static readonly RedisCommand SPublish = RedisCommand.Of("SPUBLISH");

    public static ValueTask<bool> PingAsync(this IRedisExecutor redis, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(Ping, [], Replies.Ok, cancellationToken);

    /// <summary>The server's clock, in microseconds since the Unix epoch.</summary>
    public static ValueTask<long> TimeAsync(this IRedisExecutor redis, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(Time, [], static (ref RespReader reader) =>
        {
            reader.MoveNext();
            var seconds = reader.PayloadToInt64();
            reader.MoveNext();
            return (seconds * 1_000_000) + reader.PayloadToInt64();
        }, cancellationToken);

    public static async ValueTask<string> InfoAsync(this IRedisExecutor redis, string section, CancellationToken cancellationToken = default)
        => await redis.ExecuteAsync(Info, [section], Replies.Text, cancellationToken).ConfigureAwait(false) ?? string.Empty;

    /// <summary>FLUSHDB on every master.</summary>
    public static async ValueTask FlushDatabaseAsync(this IRedisExecutor redis, CancellationToken cancellationToken = default)
    {
        foreach (var master in redis.Masters)
        {
            await master.ExecuteAsync(FlushDb, [], Replies.Ok, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>DBSIZE summed over every master.</summary>
    public static async ValueTask<long> DatabaseSizeAsync(this IRedisExecutor redis, CancellationToken cancellationToken = default)
    {
        var total = 0L;
        foreach (var master in redis.Masters)
        {
            total += await master.ExecuteAsync(DbSize, [], Replies.Integer, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>PUBLISH; returns how many subscribers received it (on this node).</summary>
    public static ValueTask<long> PublishAsync(this IRedisExecutor redis, CommandArg channel, CommandArg message, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(Publish, [channel, message], Replies.Integer, cancellationToken);

    /// <summary>SPUBLISH to a shard channel (routed to its slot's owner).</summary>
    public static ValueTask<long> ShardPublishAsync(this IRedisExecutor redis, CommandArg channel, CommandArg message, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(SPublish, [channel, message], Replies.Integer, cancellationToken, keyIndex: 0);
}
