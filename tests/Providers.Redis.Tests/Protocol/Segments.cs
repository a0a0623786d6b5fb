using System.Buffers;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the shape a pipe hands a parser after a split read.</summary>
internal static class Segments
{
    /// <summary>One sequence over the given parts, in order; empty parts become empty segments.</summary>
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.AsSpan(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary><paramref name="data"/> cut at the given offsets (ascending; equal offsets make empty segments).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> data, params int[] cuts)
    {
        var parts = new ReadOnlyMemory<byte>[cuts.Length + 1];
        var start = 0;
        for (var i = 0; i < cuts.Length; i++)
        {
            parts[i] = data[start..cuts[i]];
            start = cuts[i];
        }

        parts[^1] = data[start..];
        return Of(parts);
    }

    /// <summary>The number of segments a sequence is made of (to prove a test really is multi-segment).</summary>
    public static int Count(ReadOnlySequence<byte> sequence)
    {
        var count = 0;
        foreach (var unused in sequence)
        {
            count++;
        }

        return count;
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
