using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Caching;

/// <summary>
/// The cache without scripts, for servers where EVAL is disabled (managed offerings, ACLs): Set is the same MULTI/EXEC
/// block as with scripts (atomic, one round trip); Get and Refresh read with HMGET and slide the TTL with a second
/// command, computed from this machine's clock, as Microsoft's RedisCache does.
/// </summary>
internal sealed class TransactionCacheCommands(TimeProvider time) : ICacheCommands
{
    private static readonly RedisCommand HMGet = RedisCommand.Of("HMGET");
    private static readonly RedisCommand PExpire = RedisCommand.Of("PEXPIRE");
    private static readonly RedisCommand Unlink = RedisCommand.Of("UNLINK");

    private static readonly ReplyParser<(long Absolute, long Sliding)> MetadataParser = static (ref RespReader reader) =>
    {
        reader.MoveNext();
        var absolute = CacheReplies.ReadTicks(ref reader);
        reader.MoveNext();
        return (absolute, CacheReplies.ReadTicks(ref reader));
    };

    public ValueTask<CacheRead<T>> ReadAsync<T>(IRedisExecutor redis, string key, ReplyParser<T> data, CancellationToken cancellationToken)
        => redis.ExecuteAsync(
            HMGet,
            [key, CacheEntryLayout.AbsoluteField, CacheEntryLayout.SlidingField, CacheEntryLayout.DataField],
            CacheReplies<T>.Entry(data),
            cancellationToken,
            keyIndex: 0);

    public ValueTask<T> FinishReadAsync<T>(IRedisExecutor redis, string key, CacheRead<T> read, CancellationToken cancellationToken)
        => read.Exists && read.Slides ? SlideAfterReadAsync(redis, key, read, cancellationToken) : new(read.Data);

    public async ValueTask RefreshAsync(IRedisExecutor redis, string key, CancellationToken cancellationToken)
    {
        var (absolute, sliding) = await redis.ExecuteAsync(
            HMGet,
            [key, CacheEntryLayout.AbsoluteField, CacheEntryLayout.SlidingField],
            MetadataParser,
            cancellationToken,
            keyIndex: 0).ConfigureAwait(false);
        await SlideAsync(redis, key, absolute, sliding, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<(int Index, string? Error)> SetAsync(IRedisExecutor redis, string key, ReadOnlyMemory<byte> value, CacheExpiration expiration, CancellationToken cancellationToken)
        => CacheWrite.SendAsync(redis, key, value, expiration, cancellationToken);

    private async ValueTask<T> SlideAfterReadAsync<T>(IRedisExecutor redis, string key, CacheRead<T> read, CancellationToken cancellationToken)
        => await SlideAsync(redis, key, read.Absolute, read.Sliding, cancellationToken).ConfigureAwait(false) ? read.Data : default!;

    /// <summary>Applies a sliding expiration; false when the absolute expiration has passed and the entry was removed.</summary>
    private async ValueTask<bool> SlideAsync(IRedisExecutor redis, string key, long absolute, long sliding, CancellationToken cancellationToken)
    {
        switch (CacheEntryLayout.SlidingTtl(absolute, sliding, time.GetUtcNow().UtcTicks))
        {
            case null:
                return true;
            case <= 0:
                await redis.ExecuteAsync(Unlink, [key], Replies.Integer, cancellationToken, keyIndex: 0).ConfigureAwait(false);
                return false;
            case { } ttl:
                await redis.ExecuteAsync(PExpire, [key, ttl], Replies.Flag, cancellationToken, keyIndex: 0).ConfigureAwait(false);
                return true;
        }
    }
}
