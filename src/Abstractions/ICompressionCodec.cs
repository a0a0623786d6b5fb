namespace Adapters;

/// <summary>A compression algorithm behind the value frame. Implementations are thread-safe and stateless per call.</summary>
public interface ICompressionCodec
{
    /// <summary>The id written in frames this codec produces.</summary>
    CompressionCodecId Id { get; }

    /// <summary>The codec's name as used in options (<c>zstd</c>, <c>lz4</c>, <c>gzip</c>, <c>deflate</c>, <c>zlib</c>, <c>brotli</c>, <c>none</c>).</summary>
    string Name { get; }

    /// <summary>Whether the codec can run here (a native library it needs may be missing).</summary>
    bool IsAvailable { get; }

    /// <summary>The largest output <see cref="Compress"/> can produce for <paramref name="sourceLength"/> input bytes.</summary>
    int GetMaxCompressedLength(int sourceLength);

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> and returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetMaxCompressedLength"/>.</exception>
    int Compress(ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>Decompresses <paramref name="source"/>, which must expand to exactly <paramref name="destination"/>'s length.</summary>
    /// <exception cref="InvalidDataException">The input is corrupt, truncated, or does not expand to that length.</exception>
    void Decompress(ReadOnlySpan<byte> source, Span<byte> destination);
}
