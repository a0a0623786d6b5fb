using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>Set commands.</summary>
internal static class SetCommands
{
    private static readonly RedisCommand SAdd = RedisCommand.Of("SADD");
    private static readonly RedisCommand SRem = RedisCommand.Of("SREM");
    private static readonly RedisCommand SMembers = RedisCommand.Of("SMEMBERS");
    private static readonly RedisCommand SCard = RedisCommand.Of("SCARD");
    private static readonly RedisCommand SIsMember = RedisCommand.Of("SISMEMBER");

    public static ValueTask<bool> SetAddAsync(this IRedisExecutor redis, CommandArg key, CommandArg member, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(SAdd, [key, member], Replies.Flag, cancellationToken, keyIndex: 0);

    public static ValueTask<bool> SetRemoveAsync(this IRedisExecutor redis, CommandArg key, CommandArg member, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(SRem, [key, member], Replies.Flag, cancellationToken, keyIndex: 0);

    public static ValueTask<byte[][]> SetMembersAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(SMembers, [key], Replies.BulkList, cancellationToken, keyIndex: 0);

    public static ValueTask<long> SetLengthAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(SCard, [key], Replies.Integer, cancellationToken, keyIndex: 0);

    public static ValueTask<bool> SetContainsAsync(this IRedisExecutor redis, CommandArg key, CommandArg member, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(SIsMember, [key, member], Replies.Flag, cancellationToken, keyIndex: 0);
}
