using System.Buffers;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Caching;

/// <summary>
/// The read of an entry believed to slide by a known window with no absolute expiration: its TTL is then that window
/// whatever the time, so <c>MULTI HMGET PEXPIRE … XX EXEC</c> slides it atomically with native commands (a script
/// costs the server several times more). <c>XX</c> leaves a key without TTL alone: a persistent entry that replaced
/// the one guessed about keeps none. The reply carries the metadata, so a wrong guess is seen and repaired.
/// </summary>
internal static class KnownSlidingRead
{
    private static readonly RedisCommand HMGet = RedisCommand.Of("HMGET");
    private static readonly RedisCommand PExpire = RedisCommand.Of("PEXPIRE");

    /// <summary>Sends the block for <paramref name="key"/>, setting its TTL to <paramref name="slidingTicks"/> rounded up to milliseconds.</summary>
    public static ValueTask<CacheRead<T>> SendAsync<T>(IRedisExecutor redis, string key, long slidingTicks, ReplyParser<T> data, CancellationToken cancellationToken)
    {
        var block = TransactionBlock.Start();
        var writer = new RespWriter(block);
        writer.WriteArrayHeader(5);
        block.Write(HMGet.EncodedName);
        writer.WriteBulk(key);
        writer.WriteBulk(CacheEntryLayout.AbsoluteFieldUtf8);
        writer.WriteBulk(CacheEntryLayout.SlidingFieldUtf8);
        writer.WriteBulk(CacheEntryLayout.DataFieldUtf8);

        writer.WriteArrayHeader(4);
        block.Write(PExpire.EncodedName);
        writer.WriteBulk(key);
        writer.WriteBulk(CacheEntryLayout.CeilingMilliseconds(slidingTicks));
        writer.WriteBulk("XX"u8);
        return TransactionBlock.SendAsync(redis, key, block, CacheReplies<T>.KnownSliding(data), cancellationToken);
    }
}
