using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>Hash commands.</summary>
internal static class HashCommands
{
    private static readonly RedisCommand HGet = RedisCommand.Of("HGET");
    private static readonly RedisCommand HSet = RedisCommand.Of("HSET");
    private static readonly RedisCommand HMGet = RedisCommand.Of("HMGET");
    private static readonly RedisCommand HGetAll = RedisCommand.Of("HGETALL");
    private static readonly RedisCommand HDel = RedisCommand.Of("HDEL");
    private static readonly RedisCommand HLen = RedisCommand.Of("HLEN");
    private static readonly RedisCommand HExists = RedisCommand.Of("HEXISTS");

    public static ValueTask<byte[]?> HashGetAsync(this IRedisExecutor redis, CommandArg key, CommandArg field, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(HGet, [key, field], Replies.Bulk, cancellationToken, keyIndex: 0);

    /// <summary>HSET of one field; true when the field is new.</summary>
    public static ValueTask<bool> HashSetAsync(this IRedisExecutor redis, CommandArg key, CommandArg field, CommandArg value, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(HSet, [key, field, value], Replies.Flag, cancellationToken, keyIndex: 0);

    /// <summary>HSET of many fields in one command; returns how many were new.</summary>
    public static ValueTask<long> HashSetAsync(this IRedisExecutor redis, CommandArg key, IEnumerable<KeyValuePair<string, byte[]>> fields, CancellationToken cancellationToken = default)
    {
        var args = new List<CommandArg> { key };
        foreach (var (field, value) in fields)
        {
            args.Add(field);
            args.Add(value);
        }

        return redis.ExecuteAsync(HSet, args.ToArray(), Replies.Integer, cancellationToken, keyIndex: 0);
    }

    /// <summary>HMGET: values in the order of <paramref name="fields"/>, null where absent.</summary>
    public static ValueTask<byte[]?[]> HashGetManyAsync(this IRedisExecutor redis, CommandArg key, IReadOnlyCollection<string> fields, CancellationToken cancellationToken = default)
    {
        var args = new CommandArg[fields.Count + 1];
        args[0] = key;
        var i = 1;
        foreach (var field in fields)
        {
            args[i++] = field;
        }

        return redis.ExecuteAsync(HMGet, args, Replies.BulkArray, cancellationToken, keyIndex: 0);
    }

    public static ValueTask<KeyValuePair<byte[], byte[]>[]> HashGetAllAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(HGetAll, [key], Replies.Pairs, cancellationToken, keyIndex: 0);

    public static ValueTask<long> HashDeleteAsync(this IRedisExecutor redis, CommandArg key, CommandArg field, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(HDel, [key, field], Replies.Integer, cancellationToken, keyIndex: 0);

    public static ValueTask<long> HashLengthAsync(this IRedisExecutor redis, CommandArg key, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(HLen, [key], Replies.Integer, cancellationToken, keyIndex: 0);

    public static ValueTask<bool> HashExistsAsync(this IRedisExecutor redis, CommandArg key, CommandArg field, CancellationToken cancellationToken = default)
        => redis.ExecuteAsync(HExists, [key, field], Replies.Flag, cancellationToken, keyIndex: 0);
}
