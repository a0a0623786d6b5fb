using System.Buffers;

namespace Adapters.Compression.Internal;

/// <summary>
/// A value framed for storage: either the caller's own bytes (stored as is, no copy) or a frame in a buffer rented
/// from the shared pool, which <see cref="Dispose"/> returns once the inner cache has taken the value.
/// </summary>
internal readonly struct FramedValue : IDisposable
{
    private readonly byte[]? _rented;

    private FramedValue(ReadOnlySequence<byte> sequence, byte[]? rented)
    {
        Sequence = sequence;
        _rented = rented;
    }

    /// <summary>The bytes to store.</summary>
    public ReadOnlySequence<byte> Sequence { get; }

    /// <summary>Whether <see cref="Sequence"/> is the value as given (neither compressed nor framed).</summary>
    public bool IsOriginal => _rented is null;

    public static FramedValue Create(ValueFramer framer, ReadOnlySequence<byte> value)
    {
        if (value.IsSingleSegment)
        {
            return Create(framer, value, value.FirstSpan);
        }

        if (value.Length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value is too large to store.");
        }

        // The codecs work on one span: a segmented value is gathered into a pooled buffer first.
        var length = (int)value.Length;
        var contiguous = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            value.CopyTo(contiguous);
            return Create(framer, value, contiguous.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(contiguous);
        }
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }

    private static FramedValue Create(ValueFramer framer, ReadOnlySequence<byte> original, ReadOnlySpan<byte> value)
    {
        if (framer.TryCompress(value, out var frame, out var frameLength))
        {
            return new FramedValue(new ReadOnlySequence<byte>(frame, 0, frameLength), frame);
        }

        if (!ValueFrame.NeedsFraming(value))
        {
            return new FramedValue(original, null);
        }

        var framed = ArrayPool<byte>.Shared.Rent(ValueFrame.HeaderSize + value.Length);
        ValueFrame.WriteHeader(framed, CompressionCodecId.None, value.Length);
        value.CopyTo(framed.AsSpan(ValueFrame.HeaderSize));
        return new FramedValue(new ReadOnlySequence<byte>(framed, 0, ValueFrame.HeaderSize + value.Length), framed);
    }
}
