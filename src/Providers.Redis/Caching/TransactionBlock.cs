using System.Buffers;
using Adapters.Redis.Connection;

namespace Adapters.Redis.Caching;

/// <summary>
/// A <c>MULTI</c> block of two commands and <c>EXEC</c>, encoded whole in a per-thread buffer and sent as one write:
/// atomic and one round trip. Its reply is EXEC's, the array of both commands' replies.
/// </summary>
internal static class TransactionBlock
{
    private const int KeptCapacity = 1024 * 1024;

    private static readonly RedisCommand Exec = RedisCommand.Of("EXEC");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>This thread's buffer, emptied and holding <c>MULTI</c>: write the two commands, then <see cref="SendAsync{T}"/>.</summary>
    public static ArrayBufferWriter<byte> Start()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        buffer.Write("*1\r\n$5\r\nMULTI\r\n"u8);
        return buffer;
    }

    /// <summary>Closes the block with <c>EXEC</c> and sends it for <paramref name="key"/>; <paramref name="parser"/> reads EXEC's reply.</summary>
    public static ValueTask<T> SendAsync<T>(IRedisExecutor redis, string key, ArrayBufferWriter<byte> buffer, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        // A caller that already gave up must not have its block run.
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        buffer.Write("*1\r\n$4\r\nEXEC\r\n"u8);
        var pending = PendingReply<T>.Rent(Exec, parser, cancellationToken);
        pending.ExpectLeadingFrames(3); // MULTI's +OK and two +QUEUED
        pending.SetKey(key);
        redis.Send(buffer.WrittenSpan, pending, key);

        // A huge value would otherwise pin a large array to this thread for good.
        if (buffer.Capacity > KeptCapacity)
        {
            t_buffer = null;
        }

        return pending.Task;
    }
}
