using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>Sorted set commands.</summary>
internal static class SortedSetCommands
{
    private static readonly RedisCommand ZAdd = RedisCommand.Of("ZADD");
    private static readonly RedisCommand ZRem = RedisCommand.Of("ZREM");
    private static readonly RedisCommand ZCard = RedisCommand.Of("ZCARD");
    private static readonly RedisCommand ZScore = RedisCommand.Of("ZSCORE");
    private static readonly RedisCommand ZRangeByScore = RedisCommand.Of("ZRANGEBYSCORE");

    public static ValueTask<bool> SortedSetAddAsync(this IRedisExecutor redis, CommandArg key, CommandArg member, double score, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(ZAdd, [key, score, member], Replies.Flag, cancellationToken, keyIndex: 0);

    public static ValueTask<bool> SortedSetRemoveAsync(this IRedisExecutor redis, CommandArg key, CommandArg member, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(ZRem, [key, member], Replies.Flag, cancellationToken, keyIndex: 0);

    public static ValueTask<long> SortedSetLengthAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(ZCard, [key], Replies.Integer, cancellationToken, keyIndex: 0);

    public static ValueTask<double?> SortedSetScoreAsync(this IRedisExecutor redis, CommandArg key, CommandArg member, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(ZScore, [key, member], Replies.DoubleOrNull, cancellationToken, keyIndex: 0);

    /// <summary>Members with min ≤ score ≤ max (exclusive bounds as "(n"), ascending, at most <paramref name="count"/>.</summary>
    public static ValueTask<byte[][]> SortedSetRangeByScoreAsync(this IRedisExecutor redis, CommandArg key, CommandArg min, CommandArg max, long offset = 0, long count = -1, CancellationToken cancellationToken = default)
        => count < 0
            ? redis.ExecuteAsync(ZRangeByScore, [key, min, max], Replies.BulkList, cancellationToken, keyIndex: 0)
            : redis.ExecuteAsync(ZRangeByScore, [key, min, max, "LIMIT", offset, count], Replies.BulkList, cancellationToken, keyIndex: 0);
}
