using System.Buffers;

namespace Adapters.Compression;

/// <summary>
/// Encodes values into the value frame of DESIGN.md and back: compressed with the configured codec when at least
/// <see cref="ValueFramerOptions.Threshold"/> bytes long and only if that makes them smaller, otherwise stored raw
/// (framed with <c>none</c> only when a raw value begins with the frame magic). Decoding reads every codec's frames.
/// </summary>
public sealed class ValueFramer
{
    private readonly ICompressionCodec _codec;
    private readonly int _threshold;
    private readonly int _maxDecompressed;

    /// <summary>Creates a framer with the given options.</summary>
    public ValueFramer(ValueFramerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _codec = options.Codec;
        _threshold = options.Threshold;
        _maxDecompressed = options.MaxDecompressedBytes;
    }

    /// <summary>A framer that never compresses (frames only raw values that begin with the magic).</summary>
    public static ValueFramer Uncompressed { get; } = new(new ValueFramerOptions());

    /// <summary>The codec new values are compressed with.</summary>
    public ICompressionCodec Codec => _codec;

    /// <summary>Values shorter than this are stored uncompressed.</summary>
    public int Threshold => _threshold;

    /// <summary>The largest original length a frame may declare when decoded.</summary>
    public int MaxDecompressedBytes => _maxDecompressed;

    /// <summary>Encodes <paramref name="value"/> into a new array.</summary>
    public byte[] Encode(ReadOnlySpan<byte> value)
    {
        if (TryCompress(value, out var rented, out var length))
        {
            try
            {
                return rented.AsSpan(0, length).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        if (!ValueFrame.NeedsFraming(value))
        {
            return value.ToArray();
        }

        var framed = new byte[ValueFrame.HeaderSize + value.Length];
        ValueFrame.WriteHeader(framed, CompressionCodecId.None, value.Length);
        value.CopyTo(framed.AsSpan(ValueFrame.HeaderSize));
        return framed;
    }

    /// <summary>Encodes <paramref name="value"/> into <paramref name="destination"/>.</summary>
    public void Encode(ReadOnlySpan<byte> value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (TryCompress(value, out var rented, out var length))
        {
            try
            {
                destination.Write(rented.AsSpan(0, length));
                return;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        if (ValueFrame.NeedsFraming(value))
        {
            var header = destination.GetSpan(ValueFrame.HeaderSize);
            ValueFrame.WriteHeader(header, CompressionCodecId.None, value.Length);
            destination.Advance(ValueFrame.HeaderSize);
        }

        destination.Write(value);
    }

    /// <summary>Decodes a stored value into a new array.</summary>
    /// <exception cref="InvalidDataException">The frame is corrupt, truncated, names an unknown codec, or declares more than the maximum size.</exception>
    public byte[] Decode(ReadOnlySpan<byte> stored)
    {
        if (!ValueFrame.TryReadHeader(stored, out var header))
        {
            return stored.ToArray();
        }

        var result = new byte[CheckedLength(header)];
        Decompress(header, stored[ValueFrame.HeaderSize..], result);
        return result;
    }

    /// <summary>Decodes a stored value into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidDataException">The frame is corrupt, truncated, names an unknown codec, or declares more than the maximum size.</exception>
    public void Decode(ReadOnlySpan<byte> stored, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!ValueFrame.TryReadHeader(stored, out var header))
        {
            destination.Write(stored);
            return;
        }

        var length = CheckedLength(header);
        var span = destination.GetSpan(length)[..length];
        Decompress(header, stored[ValueFrame.HeaderSize..], span);
        destination.Advance(length);
    }

    /// <summary>
    /// Compresses <paramref name="value"/> into a frame in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, which
    /// the caller returns; <see langword="false"/> when the value is stored uncompressed instead (below the threshold,
    /// no codec, or compression does not shrink it), in which case it still needs a <c>none</c> header if
    /// <see cref="ValueFrame.NeedsFraming"/>.
    /// </summary>
    internal bool TryCompress(ReadOnlySpan<byte> value, out byte[] rented, out int frameLength)
    {
        rented = [];
        frameLength = 0;
        if (_codec.Id == CompressionCodecId.None || value.Length < _threshold)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ValueFrame.HeaderSize + _codec.GetMaxCompressedLength(value.Length));
        var kept = false;
        try
        {
            var written = _codec.Compress(value, buffer.AsSpan(ValueFrame.HeaderSize));

            // Stored raw when compression does not pay for its header.
            if (written + ValueFrame.HeaderSize >= value.Length)
            {
                return false;
            }

            ValueFrame.WriteHeader(buffer, _codec.Id, value.Length);
            rented = buffer;
            frameLength = ValueFrame.HeaderSize + written;
            kept = true;
            return true;
        }
        finally
        {
            if (!kept)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private int CheckedLength(ValueFrameHeader header)
        => header.OriginalLength <= _maxDecompressed
            ? header.OriginalLength
            : throw new InvalidDataException($"The value frame declares {header.OriginalLength} bytes, beyond the limit of {_maxDecompressed}.");

    private static void Decompress(ValueFrameHeader header, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var codec = CompressionCodecs.ForId(header.Codec);
        if (!codec.IsAvailable)
        {
            var reason = codec switch
            {
                ZstdCompressionCodec zstd => zstd.UnavailableReason,
                Lz4CompressionCodec lz4 => lz4.UnavailableReason,
                _ => null,
            };
            throw new InvalidDataException($"The value was compressed with {codec.Name}, which is not available on this machine. {reason}");
        }

        codec.Decompress(payload, destination);
    }
}
