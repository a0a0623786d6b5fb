using System.IO.Compression;
using Adapters.Compression.Internal;

namespace Adapters.Compression;

/// <summary>
/// Zlib (RFC 1950) through System.IO.Compression: deflate with a 2-byte header and an Adler-32 checksum.
/// Levels 0 (stored) to 9 (smallest), zlib's default 6; slower than zstd and LZ4, chosen for interoperability.
/// </summary>
public sealed class ZLibCompressionCodec : ICompressionCodec
{
    /// <summary>The lowest level: stored blocks, no compression.</summary>
    public const int MinLevel = 0;

    /// <summary>The highest level: the smallest output, the slowest.</summary>
    public const int MaxLevel = 9;

    /// <summary>The default level (zlib's).</summary>
    public const int DefaultLevel = 6;

    private const int WrapperBytes = 6;

    private readonly ZLibCompressionOptions _options;

    /// <summary>Creates the codec compressing at <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside <see cref="MinLevel"/>..<see cref="MaxLevel"/>.</exception>
    public ZLibCompressionCodec(int level = DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        Level = level;
        _options = new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default };
    }

    /// <summary>The level new values are compressed at.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public CompressionCodecId Id => CompressionCodecId.ZLib;

    /// <inheritdoc />
    public string Name => "zlib";

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <inheritdoc />
    public int GetMaxCompressedLength(int sourceLength) => ZLibStreams.MaxCompressedLength(sourceLength, WrapperBytes);

    /// <inheritdoc />
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        => ZLibStreams.Compress(source, destination, GetMaxCompressedLength(source.Length), _options, static (output, options) => new ZLibStream(output, options, leaveOpen: true));

    /// <inheritdoc />
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
        => ZLibStreams.Decompress(source, destination, Name, ZLibStreams.Trailer.ZLibAdler32, static input => new ZLibStream(input, CompressionMode.Decompress, leaveOpen: true));
}
