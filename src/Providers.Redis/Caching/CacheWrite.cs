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
    private static readonly RedisCommand Exec = RedisCommand.Of("EXEC");
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
        // A caller that already gave up must not have its write run.
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<(int Index, string? Error)>(cancellationToken);
        }

        var pending = PendingReply<(int Index, string? Error)>.Rent(Exec, ExecReply, cancellationToken);
        pending.ExpectLeadingFrames(3); // MULTI's +OK and two +QUEUED
        pending.SetKey(key);
        redis.Send(Encode(key, value.Span, expiration), pending, key);
        return pending.Task;
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

    private static ReadOnlySpan<byte> Encode(string key, ReadOnlySpan<byte> value, CacheExpiration expiration)
    {
        var buffer = BlockBuffer.Start();
        var writer = new RespWriter(buffer);
        buffer.Write("*1\r\n$5\r\nMULTI\r\n"u8);

        writer.WriteArrayHeader(8);
        buffer.Write(HSet.EncodedName);
        writer.WriteBulk(key);
        writer.WriteBulk(CacheEntryLayout.AbsoluteFieldUtf8);
        writer.WriteBulk(expiration.AbsoluteTicks);
        writer.WriteBulk(CacheEntryLayout.SlidingFieldUtf8);
        writer.WriteBulk(expiration.SlidingTicks);
        writer.WriteBulk(CacheEntryLayout.DataFieldUtf8);
        writer.WriteBulk(value);

        writer.WriteArrayHeader(expiration.IsPersistent ? 2 : 3);
        buffer.Write((expiration.IsPersistent ? Persist : PExpire).EncodedName);
        writer.WriteBulk(key);
        if (!expiration.IsPersistent)
        {
            writer.WriteBulk(expiration.TtlMilliseconds);
        }

        buffer.Write("*1\r\n$4\r\nEXEC\r\n"u8);
        return BlockBuffer.Finish(buffer);
    }
}
