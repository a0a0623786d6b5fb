using System.Buffers;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>
/// Every frame of <see cref="RespFrames"/> fed whole, as every proper prefix (incomplete: false, nothing consumed)
/// and cut at every byte boundary into two, three or one-byte segments (complete: reads exactly like one segment).
/// </summary>
public sealed class RespReaderSplitTests
{
    public static TheoryData<string> Frames => RespFrames.Names;

    public static TheoryData<string> ShortFrames => RespFrames.ShortNames;

    [Theory]
    [MemberData(nameof(Frames))]
    public void Whole_frame_is_one_complete_value_that_dumps_as_expected(string name)
    {
        var frame = RespFrames.Get(name);
        var reader = new RespReader(new ReadOnlySequence<byte>(frame.Bytes));

        Assert.True(reader.TrySkipValue());
        Assert.Equal(frame.Bytes.Length, reader.Consumed);
        Assert.True(reader.End);
        Assert.Equal(frame.Raw, RespDump.Raw(new ReadOnlySequence<byte>(frame.Bytes)));
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Frame_followed_by_another_consumes_exactly_itself(string name)
    {
        var frame = RespFrames.Get(name);
        var buffer = new ReadOnlySequence<byte>([.. frame.Bytes, .. "+NEXT\r\n"u8]);
        var reader = new RespReader(buffer);

        Assert.True(reader.TrySkipValue());
        Assert.Equal(frame.Bytes.Length, reader.Consumed);
        Assert.Equal("+NEXT", RespDump.Raw(ref reader));
        Assert.True(reader.End);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Every_proper_prefix_is_incomplete_and_consumes_nothing(string name)
    {
        var bytes = RespFrames.Get(name).Bytes;
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new RespReader(new ReadOnlySequence<byte>(bytes, 0, length));

            Assert.False(reader.TrySkipValue(), $"A prefix of {length} bytes was taken as complete.");
            Assert.Equal(0, reader.Consumed);
            Assert.False(reader.TrySkipValue(), $"A second try on a prefix of {length} bytes differed.");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [MemberData(nameof(ShortFrames))]
    public void Every_proper_prefix_cut_at_every_boundary_is_incomplete(string name)
    {
        var bytes = RespFrames.Get(name).Bytes;
        for (var length = 1; length < bytes.Length; length++)
        {
            for (var cut = 0; cut <= length; cut++)
            {
                var reader = new RespReader(Segments.Split(bytes.AsMemory(0, length), cut));

                Assert.False(reader.TrySkipValue(), $"A prefix of {length} bytes cut at {cut} was taken as complete.");
                Assert.Equal(0, reader.Consumed);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Two_segments_cut_at_every_boundary_read_like_one_segment(string name)
    {
        var frame = RespFrames.Get(name);
        var typed = RespDump.Typed(new ReadOnlySequence<byte>(frame.Bytes));
        for (var cut = 0; cut <= frame.Bytes.Length; cut++)
        {
            AssertReadsLikeOneSegment(frame, typed, Segments.Split(frame.Bytes, cut), $"cut at {cut}");
        }
    }

    [Theory]
    [MemberData(nameof(ShortFrames))]
    public void Three_segments_cut_at_every_pair_of_boundaries_read_like_one_segment(string name)
    {
        var frame = RespFrames.Get(name);
        var typed = RespDump.Typed(new ReadOnlySequence<byte>(frame.Bytes));
        for (var first = 0; first <= frame.Bytes.Length; first++)
        {
            for (var second = first; second <= frame.Bytes.Length; second++)
            {
                AssertReadsLikeOneSegment(frame, typed, Segments.Split(frame.Bytes, first, second), $"cut at {first} and {second}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void One_byte_per_segment_with_empty_segments_between_reads_like_one_segment(string name)
    {
        var frame = RespFrames.Get(name);
        var typed = RespDump.Typed(new ReadOnlySequence<byte>(frame.Bytes));
        ReadOnlyMemory<byte> bytes = frame.Bytes;
        var single = Enumerable.Range(0, bytes.Length).Select(i => bytes.Slice(i, 1)).ToArray();
        var padded = single.SelectMany(part => new[] { ReadOnlyMemory<byte>.Empty, part }).Append(ReadOnlyMemory<byte>.Empty).ToArray();

        AssertReadsLikeOneSegment(frame, typed, Segments.Of(single), "one byte per segment");
        AssertReadsLikeOneSegment(frame, typed, Segments.Of(padded), "one byte per segment, empty segments between");
        Assert.Equal(bytes.Length, Segments.Count(Segments.Of(single)));
    }

    private static void AssertReadsLikeOneSegment(RespFrame frame, string typed, ReadOnlySequence<byte> sequence, string how)
    {
        var reader = new RespReader(sequence);
        Assert.True(reader.TrySkipValue(), $"Incomplete when {how}.");
        Assert.Equal(frame.Bytes.Length, reader.Consumed);
        Assert.True(reader.End, $"Bytes left when {how}.");
        Assert.Equal(frame.Raw, RespDump.Raw(sequence));
        Assert.Equal(typed, RespDump.Typed(sequence));
    }
}
