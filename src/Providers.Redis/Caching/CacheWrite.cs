using System.Buffers;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Caching;

/// <summary>
/// Writes an entry as one <c>MULTI HSET (PEXPIRE | PERSIST) EXEC</c> block: atomic and one round trip, like a script,
/// but run by Redis' native commands, which cost the server far less than Lua (that would also copy the value into a
/// Lua string first). The block is encoded in one piece and its reply checked without building a reply tree.
/// </summary>
internal static class CacheWrite
{
    private static readonly RedisCommand HSet = RedisCommand.Of("HSET");
    private static readonly RedisCommand PExpire = RedisCommand.Of("PEXPIRE");
    private static readonly RedisCommand Persist = RedisCommand.Of("PERSIST");

    // Which queued command failed (0: HSET, 1: the TTL command), with Redis' error text; Index -1 when all succeeded.
    private static readonly ReplyParser<(int Index, string? Error)> ExecReply = static (ref RespReader reader) =>
    {
        var count = reader.Length;
        (int Index, string? Error) outcome = (-1, null);
        for (var i = 0; i < count; i++)
        {
            reader.MoveNext();
            if (reader.IsError && outcome.Index < 0)
            {
                outcome = (i, reader.PayloadToString());
            }

            reader.SkipChildren();
        }

        return outcome;
    };

    /// <summary>Sends the block; the reply says which queued command Redis refused, if any (see <see cref="ThrowIfRefused"/>).</summary>
    public static ValueTask<(int Index, string? Error)> SendAsync(IRedisExecutor redis, string key, ReadOnlyMemory<byte> value, CacheExpiration expiration, CancellationToken cancellationToken)
    {
        var block = TransactionBlock.Start();
        var writer = new RespWriter(block);
        writer.WriteArrayHeader(8);
        block.Write(HSet.EncodedName);
        writer.WriteBulk(key);
        writer.WriteBulk(CacheEntryLayout.AbsoluteFieldUtf8);
        writer.WriteBulk(expiration.AbsoluteTicks);
        writer.WriteBulk(CacheEntryLayout.SlidingFieldUtf8);
        writer.WriteBulk(expiration.SlidingTicks);
        writer.WriteBulk(CacheEntryLayout.DataFieldUtf8);
        writer.WriteBulk(value.Span);

        writer.WriteArrayHeader(expiration.IsPersistent ? 2 : 3);
        block.Write((expiration.IsPersistent ? Persist : PExpire).EncodedName);
        writer.WriteBulk(key);
        if (!expiration.IsPersistent)
        {
            writer.WriteBulk(expiration.TtlMilliseconds);
        }

        return TransactionBlock.SendAsync(redis, key, block, ExecReply, cancellationToken);
    }

    /// <summary>Throws what Redis said about the refused command of a block, naming that command and the key.</summary>
    /// <exception cref="RedisServerException">A queued command was refused.</exception>
    public static void ThrowIfRefused((int Index, string? Error) reply, string key, CacheExpiration expiration)
    {
        if (reply.Error is { } error)
        {
            var command = reply.Index == 0 ? HSet : expiration.IsPersistent ? Persist : PExpire;
            throw RedisServerException.FromReply(command.Name, key, error);
        }
    }
}
