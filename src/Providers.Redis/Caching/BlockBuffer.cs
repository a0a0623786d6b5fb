using System.Buffers;

namespace Adapters.Redis.Caching;

/// <summary>A per-thread buffer in which a whole <c>MULTI … EXEC</c> block is encoded, to be sent in one piece.</summary>
internal static class BlockBuffer
{
    private const int KeptCapacity = 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>This thread's buffer, emptied.</summary>
    public static ArrayBufferWriter<byte> Start()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        return buffer;
    }

    /// <summary>What was written; valid until this thread's next <see cref="Start"/>.</summary>
    public static ReadOnlySpan<byte> Finish(ArrayBufferWriter<byte> buffer)
    {
        var encoded = buffer.WrittenSpan;

        // A huge value would otherwise pin a large array to this thread for good.
        if (buffer.Capacity > KeptCapacity)
        {
            t_buffer = null;
        }

        return encoded;
    }
}
