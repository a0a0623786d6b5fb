using System.Buffers;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>Buffers holding several frames back to back, the way pipelined replies arrive, cut everywhere.</summary>
public sealed class RespStreamTests
{
    private static readonly Dictionary<string, string[]> Streams = new(StringComparer.Ordinal)
    {
        ["resp2-pipeline"] = ["simple", "integer", "null-bulk", "bulk-binary", "array-nested", "error", "bulk-empty", "null-array"],
        ["resp3-mixed"] = ["attribute-real", "push", "map", "null", "double-nan", "attribute-chained", "verbatim", "bulk-error"],
        ["resp3-nested"] = ["nested-mixed-deep", "attribute-nested", "nested-empties", "attribute-on-map-entries", "true"],
    };

    public static TheoryData<string> Names => [.. Streams.Keys];

    [Fact]
    public void Real_push_followed_by_its_reply_reads_as_two_values()
    {
        var bytes = RespFrames.Bytes(">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n");
        var reader = new RespReader(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(">2[$16:server-cpu-usage,:42]", RespDump.Raw(ref reader));
        Assert.Equal("$40:Some real reply following the push reply", RespDump.Raw(ref reader));
        Assert.True(reader.End);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_prefix_yields_exactly_the_frames_it_holds(string name)
    {
        var (bytes, ends) = Concatenate(name);
        for (var length = 0; length <= bytes.Length; length++)
        {
            var reader = new RespReader(new ReadOnlySequence<byte>(bytes, 0, length));
            var complete = 0;
            while (reader.TrySkipValue())
            {
                complete++;
            }

            var expected = ends.Count(end => end <= length);
            Assert.Equal(expected, complete);
            Assert.Equal(expected == 0 ? 0 : ends[expected - 1], reader.Consumed);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Two_segments_cut_at_every_boundary_read_every_frame(string name)
    {
        var (bytes, ends) = Concatenate(name);
        var expected = Streams[name].Select(frame => RespFrames.Get(frame).Raw).ToArray();
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var sequence = Segments.Split(bytes, cut);
            var scan = new RespReader(sequence);
            foreach (var end in ends)
            {
                Assert.True(scan.TrySkipValue(), $"Incomplete when cut at {cut}.");
                Assert.Equal(end, scan.Consumed);
            }

            Assert.False(scan.TrySkipValue());
            Assert.True(scan.End);

            var reader = new RespReader(sequence);
            var dumps = new string[expected.Length];
            for (var i = 0; i < dumps.Length; i++)
            {
                dumps[i] = RespDump.Raw(ref reader);
            }

            Assert.Equal(expected, dumps);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Frames_sliced_out_at_their_positions_read_like_the_originals(string name)
    {
        // The connection scans with a copy of the reader, then slices [start, scan.Position) and parses the slice.
        var (bytes, _) = Concatenate(name);
        for (var cut = 0; cut <= bytes.Length; cut += 7)
        {
            var sequence = Segments.Split(bytes, cut);
            var reader = new RespReader(sequence);
            foreach (var frame in Streams[name])
            {
                var start = reader.Position;
                var scan = reader;
                Assert.True(scan.TrySkipValue());
                reader = scan;
                var slice = sequence.Slice(start, scan.Position);
                Assert.Equal(RespFrames.Get(frame).Bytes, slice.ToArray());
                Assert.Equal(RespFrames.Get(frame).Raw, RespDump.Raw(slice));
            }
        }
    }

    private static (byte[] Bytes, long[] Ends) Concatenate(string name)
    {
        var frames = Streams[name].Select(frame => RespFrames.Get(frame).Bytes).ToArray();
        var ends = new long[frames.Length];
        var total = 0L;
        for (var i = 0; i < frames.Length; i++)
        {
            total += frames[i].Length;
            ends[i] = total;
        }

        return ([.. frames.SelectMany(frame => frame)], ends);
    }
}
