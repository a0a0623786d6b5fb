using System.Buffers.Binary;

namespace Adapters;

/// <summary>
/// The value frame every stored value goes through: <c>AD C0</c> magic, one codec-id byte, the original length as a
/// little-endian uint32, then the payload. Values that are not compressed are stored raw unless they begin with the
/// magic, in which case they are framed with <see cref="CompressionCodecId.None"/>, so every stored value decodes
/// unambiguously and readers never need to know the writer's codec.
/// </summary>
/// <remarks>0xC0 never occurs in valid UTF-8, so text and JSON values are never mistaken for frames.</remarks>
public static class ValueFrame
{
    /// <summary>The first magic byte.</summary>
    public const byte Magic0 = 0xAD;

    /// <summary>The second magic byte.</summary>
    public const byte Magic1 = 0xC0;

    /// <summary>The size of the header before the payload.</summary>
    public const int HeaderSize = 7;

    /// <summary>Whether <paramref name="stored"/> begins with the frame magic (it must then parse as a frame).</summary>
    public static bool IsFramed(ReadOnlySpan<byte> stored)
        => stored.Length >= 2 && stored[0] == Magic0 && stored[1] == Magic1;

    /// <summary>Whether a raw value must be framed to be stored uncompressed (it begins with the magic).</summary>
    public static bool NeedsFraming(ReadOnlySpan<byte> raw) => IsFramed(raw);

    /// <summary>Writes a header into the first <see cref="HeaderSize"/> bytes of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, CompressionCodecId codec, int originalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(originalLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HeaderSize, nameof(destination));
        destination[0] = Magic0;
        destination[1] = Magic1;
        destination[2] = (byte)codec;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[3..], (uint)originalLength);
    }

    /// <summary>
    /// Parses the header of a framed value. Returns <see langword="false"/> when <paramref name="stored"/> is not framed;
    /// throws <see cref="InvalidDataException"/> when it begins with the magic but the header is truncated or invalid.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> stored, out ValueFrameHeader header)
    {
        header = default;
        if (!IsFramed(stored))
        {
            return false;
        }

        if (stored.Length < HeaderSize)
        {
            throw new InvalidDataException($"The value frame is truncated: {stored.Length} bytes, the header alone takes {HeaderSize}.");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(stored[3..]);
        if (length > int.MaxValue)
        {
            throw new InvalidDataException($"The value frame declares an original length of {length} bytes, beyond what a value can hold.");
        }

        header = new ValueFrameHeader((CompressionCodecId)stored[2], (int)length, stored.Length - HeaderSize);
        if (header.Codec == CompressionCodecId.None && header.PayloadLength != header.OriginalLength)
        {
            throw new InvalidDataException($"The uncompressed value frame declares {header.OriginalLength} bytes but holds {header.PayloadLength}.");
        }

        return true;
    }
}

/// <summary>The parsed header of a value frame.</summary>
/// <param name="Codec">The codec that produced the payload.</param>
/// <param name="OriginalLength">The length of the value before compression.</param>
/// <param name="PayloadLength">The length of the payload after the header.</param>
public readonly record struct ValueFrameHeader(CompressionCodecId Codec, int OriginalLength, int PayloadLength);
