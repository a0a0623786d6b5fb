using System.Buffers;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>Serializes a command into a per-thread buffer, so callers hold no lock while encoding.</summary>
internal static class CommandEncoder
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Encodes the command; the span is valid until the next call on this thread.</summary>
    public static ReadOnlySpan<byte> Encode(RedisCommand command, scoped ReadOnlySpan<CommandArg> args)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = new RespWriter(buffer);
        writer.WriteArrayHeader(args.Length + 1);
        buffer.Write(command.EncodedName);
        foreach (ref readonly var arg in args)
        {
            arg.WriteTo(writer);
        }

        // A single huge argument would otherwise pin a large array to this thread forever.
        var encoded = buffer.WrittenSpan;
        if (buffer.Capacity > 1024 * 1024)
        {
            t_buffer = null;
        }

        return encoded;
    }
}
