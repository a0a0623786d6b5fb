using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>String and generic key commands.</summary>
internal static class StringCommands
{
    private static readonly RedisCommand Get = RedisCommand.Of("GET");
    private static readonly RedisCommand Set = RedisCommand.Of("SET");
    private static readonly RedisCommand MGet = RedisCommand.Of("MGET");
    private static readonly RedisCommand Del = RedisCommand.Of("DEL");
    private static readonly RedisCommand Unlink = RedisCommand.Of("UNLINK");
    private static readonly RedisCommand Exists = RedisCommand.Of("EXISTS");
    private static readonly RedisCommand IncrBy = RedisCommand.Of("INCRBY");
    private static readonly RedisCommand PExpire = RedisCommand.Of("PEXPIRE");
    private static readonly RedisCommand Persist = RedisCommand.Of("PERSIST");
    private static readonly RedisCommand PTtl = RedisCommand.Of("PTTL");

    public static ValueTask<byte[]?> GetAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(Get, [key], Replies.Bulk, cancellationToken, keyIndex: 0);

    /// <summary>SET with an optional expiry (PX) and condition; returns false when NX/XX prevented the write.</summary>
    public static ValueTask<bool> SetAsync(this IRedisExecutor redis, CommandArg key, CommandArg value, TimeSpan? expiry = null, SetCondition condition = SetCondition.Always, CancellationToken cancellationToken = default)
    {
        var milliseconds = expiry is { } ttl ? (long)Math.Ceiling(ttl.TotalMilliseconds) : 0;
        return (expiry is null, condition) switch
        {
            (true, SetCondition.Always) => redis.ExecuteAsync(Set, [key, value], Replies.Ok, cancellationToken, keyIndex: 0),
            (true, _) => redis.ExecuteAsync(Set, [key, value, condition == SetCondition.NotExists ? "NX" : "XX"], Replies.Ok, cancellationToken, keyIndex: 0),
            (false, SetCondition.Always) => redis.ExecuteAsync(Set, [key, value, "PX", milliseconds], Replies.Ok, cancellationToken, keyIndex: 0),
            (false, _) => redis.ExecuteAsync(Set, [key, value, "PX", milliseconds, condition == SetCondition.NotExists ? "NX" : "XX"], Replies.Ok, cancellationToken, keyIndex: 0),
        };
    }

    /// <summary>MGET; every key must share one slot on a cluster.</summary>
    public static ValueTask<byte[]?[]> GetManyAsync(this IRedisExecutor redis, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(MGet, [.. keys.Select(key => (CommandArg)key)], Replies.BulkArray, cancellationToken, keyIndex: 0);

    public static ValueTask<long> DeleteAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(Del, [key], Replies.Integer, cancellationToken, keyIndex: 0);

    /// <summary>UNLINK: frees the memory in the background, so deleting a huge key never blocks the server.</summary>
    public static ValueTask<long> UnlinkAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(Unlink, [key], Replies.Integer, cancellationToken, keyIndex: 0);

    public static ValueTask<bool> ExistsAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(Exists, [key], Replies.Flag, cancellationToken, keyIndex: 0);

    public static ValueTask<long> IncrementAsync(this IRedisExecutor redis, CommandArg key, long by = 1, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(IncrBy, [key, by], Replies.Integer, cancellationToken, keyIndex: 0);

    public static ValueTask<bool> ExpireAsync(this IRedisExecutor redis, CommandArg key, TimeSpan ttl, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(PExpire, [key, (long)Math.Ceiling(ttl.TotalMilliseconds)], Replies.Flag, cancellationToken, keyIndex: 0);

    public static ValueTask<bool> PersistAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(Persist, [key], Replies.Flag, cancellationToken, keyIndex: 0);

    /// <summary>The remaining time to live; null when the key has none or does not exist.</summary>
    public static async ValueTask<TimeSpan?> TimeToLiveAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
    {
        var milliseconds = await redis.ExecuteAsync(PTtl, [key], Replies.Integer, cancellationToken, keyIndex: 0).ConfigureAwait(false);
        return milliseconds < 0 ? null : TimeSpan.FromMilliseconds(milliseconds);
    }
}

/// <summary>The conditions of SET.</summary>
internal enum SetCondition
{
    Always,
    NotExists,
    Exists,
}
