using System.IO.Compression;
using Adapters.Compression.Internal;

namespace Adapters.Compression;

/// <summary>
/// Raw deflate (RFC 1951) through System.IO.Compression: no header and no checksum, the smallest of the deflate family.
/// Levels 0 (stored) to 9 (smallest), zlib's default 6; slower than zstd and LZ4, chosen for interoperability.
/// </summary>
public sealed class DeflateCompressionCodec : ICompressionCodec
{
    /// <summary>The lowest level: stored blocks, no compression.</summary>
    public const int MinLevel = 0;

    /// <summary>The highest level: the smallest output, the slowest.</summary>
    public const int MaxLevel = 9;

    /// <summary>The default level (zlib's).</summary>
    public const int DefaultLevel = 6;

    private const int WrapperBytes = 0;

    private readonly ZLibCompressionOptions _options;

    /// <summary>Creates the codec compressing at <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside <see cref="MinLevel"/>..<see cref="MaxLevel"/>.</exception>
    public DeflateCompressionCodec(int level = DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        Level = level;
        _options = new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default };
    }

    /// <summary>The level new values are compressed at.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public CompressionCodecId Id => CompressionCodecId.Deflate;

    /// <inheritdoc />
    public string Name => "deflate";

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <inheritdoc />
    public int GetMaxCompressedLength(int sourceLength) => ZLibStreams.MaxCompressedLength(sourceLength, WrapperBytes);

    /// <inheritdoc />
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        => ZLibStreams.Compress(source, destination, GetMaxCompressedLength(source.Length), _options, static (output, options) => new DeflateStream(output, options, leaveOpen: true));

    /// <inheritdoc />
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
        => ZLibStreams.Decompress(source, destination, Name, ZLibStreams.Trailer.None, static input => new DeflateStream(input, CompressionMode.Decompress, leaveOpen: true));
}
