using System.Buffers;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>What the reader made of a buffer.</summary>
internal enum RespOutcome
{
    Incomplete,
    Complete,
    Refused,
}

internal static class RespProbe
{
    /// <summary>
    /// Scans values until the buffer is exhausted and materializes each complete one, the way the connection does.
    /// Only <see cref="RespProtocolException"/> counts as a refusal: any other exception escapes and fails the test.
    /// </summary>
    public static RespOutcome Scan(ReadOnlySequence<byte> buffer)
    {
        try
        {
            var reader = new RespReader(buffer);
            var values = 0;
            while (!reader.End)
            {
                var start = reader.Position;
                var scan = reader;
                if (!scan.TrySkipValue())
                {
                    return RespOutcome.Incomplete;
                }

                if (scan.Consumed <= reader.Consumed)
                {
                    throw new InvalidOperationException("A complete value consumed no bytes.");
                }

                var frame = new RespReader(buffer.Slice(start, scan.Position));
                frame.MoveNext();
                _ = RespValue.Read(ref frame);
                reader = scan;
                values++;
            }

            return values == 0 ? RespOutcome.Incomplete : RespOutcome.Complete;
        }
        catch (RespProtocolException)
        {
            return RespOutcome.Refused;
        }
    }
}
