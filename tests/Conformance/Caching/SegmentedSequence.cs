using System.Buffers;

namespace Adapters.Conformance.Caching;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/> values, as pipes and pooled writers produce them.</summary>
public static class SegmentedSequence
{
    /// <summary>Splits <paramref name="data"/> into segments of at most <paramref name="segmentLength"/> bytes.</summary>
    public static ReadOnlySequence<byte> Create(byte[] data, int segmentLength)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentLength);
        if (data.Length <= segmentLength)
        {
            return new ReadOnlySequence<byte>(data.ToArray());
        }

        var first = new Segment(data.AsMemory(0, segmentLength).ToArray(), 0);
        var last = first;
        for (var offset = segmentLength; offset < data.Length; offset += segmentLength)
        {
            last = last.Append(data.AsMemory(offset, Math.Min(segmentLength, data.Length - offset)).ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
