using System.Buffers;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>
/// A 1 MiB bulk string of random bytes (CR and LF included), split at each of its ~1M boundaries. Each cut shares
/// the one backing array, so per-cut checks are O(1); full content comparisons run on a sample of cuts.
/// </summary>
public sealed class LargeBulkTests
{
    private const int PayloadLength = 1024 * 1024;
    private static readonly byte[] Payload = MakePayload();
    private static readonly byte[] Frame = [.. "$1048576\r\n"u8, .. Payload, .. "\r\n"u8];
    private static readonly int Header = "$1048576\r\n".Length;

    [Fact]
    public void Payload_contains_crlf_and_the_whole_frame_reads_back()
    {
        Assert.True(Payload.AsSpan().IndexOf("\r\n"u8) >= 0);
        var reader = new RespReader(new ReadOnlySequence<byte>(Frame));

        Assert.True(reader.TryReadNext());
        Assert.Equal(RespType.BulkString, reader.Type);
        Assert.Equal(PayloadLength, reader.Length);
        Assert.Equal(Payload, reader.PayloadToArray());
        Assert.True(reader.End);
    }

    [Fact]
    public void Every_proper_prefix_is_incomplete_and_consumes_nothing()
    {
        for (var length = 0; length < Frame.Length; length++)
        {
            var reader = new RespReader(new ReadOnlySequence<byte>(Frame, 0, length));
            if (reader.TrySkipValue() || reader.Consumed != 0)
            {
                Assert.Fail($"A prefix of {length} bytes was taken as complete.");
            }
        }
    }

    [Fact]
    public void Two_segments_cut_at_every_boundary_hold_the_whole_payload()
    {
        for (var cut = 0; cut <= Frame.Length; cut++)
        {
            var sequence = Segments.Split(Frame, cut);
            var reader = new RespReader(sequence);
            if (!reader.TrySkipValue() || reader.Consumed != Frame.Length || !reader.End)
            {
                Assert.Fail($"Not read whole when cut at {cut}.");
            }

            reader = new RespReader(sequence);
            Assert.True(reader.TryReadNext());
            var payload = reader.Payload;
            if (payload.Length != PayloadLength || !payload.Start.Equals(sequence.GetPosition(Header)) || !payload.End.Equals(sequence.GetPosition(Header + PayloadLength)))
            {
                Assert.Fail($"Payload misplaced when cut at {cut}.");
            }
        }
    }

    [Fact]
    public void Sampled_cuts_read_the_exact_payload_and_materialize_it()
    {
        int[] cuts = [0, 1, 5, 9, 10, 11, 4099, Header + (PayloadLength / 2), Frame.Length - 3, Frame.Length - 2, Frame.Length - 1, Frame.Length];
        foreach (var cut in cuts)
        {
            var sequence = Segments.Split(Frame, cut);
            var reader = new RespReader(sequence);
            reader.MoveNext();
            Assert.Equal(Payload, RespValue.Read(ref reader).AsBytes());
            Assert.True(reader.End);
        }
    }

    [Fact]
    public void Three_segments_around_the_header_and_trailer_read_the_exact_payload()
    {
        for (var first = 0; first <= Header + 2; first++)
        {
            for (var second = Frame.Length - 4; second <= Frame.Length; second++)
            {
                var reader = new RespReader(Segments.Split(Frame, first, second));
                Assert.True(reader.TryReadNext());
                Assert.Equal(Payload, reader.PayloadToArray());
                Assert.True(reader.End);
            }
        }
    }

    private static byte[] MakePayload()
    {
        var payload = new byte[PayloadLength];
        new Random(1234).NextBytes(payload);
        return payload;
    }
}
