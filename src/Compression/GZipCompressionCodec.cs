using System.IO.Compression;
using Adapters.Compression.Internal;

namespace Adapters.Compression;

/// <summary>
/// GZip (RFC 1952) through System.IO.Compression: the format most tools read, with a CRC-32 of the value.
/// Levels 0 (stored) to 9 (smallest), zlib's default 6; slower than zstd and LZ4, chosen for interoperability.
/// </summary>
public sealed class GZipCompressionCodec : ICompressionCodec
{
    /// <summary>The lowest level: stored blocks, no compression.</summary>
    public const int MinLevel = 0;

    /// <summary>The highest level: the smallest output, the slowest.</summary>
    public const int MaxLevel = 9;

    /// <summary>The default level (zlib's).</summary>
    public const int DefaultLevel = 6;

    private const int WrapperBytes = 18;

    private readonly ZLibCompressionOptions _options;

    /// <summary>Creates the codec compressing at <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside <see cref="MinLevel"/>..<see cref="MaxLevel"/>.</exception>
    public GZipCompressionCodec(int level = DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        Level = level;
        _options = new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default };
    }

    /// <summary>The level new values are compressed at.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public CompressionCodecId Id => CompressionCodecId.GZip;

    /// <inheritdoc />
    public string Name => "gzip";

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <inheritdoc />
    public int GetMaxCompressedLength(int sourceLength) => ZLibStreams.MaxCompressedLength(sourceLength, WrapperBytes);

    /// <inheritdoc />
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        => ZLibStreams.Compress(source, destination, GetMaxCompressedLength(source.Length), _options, static (output, options) => new GZipStream(output, options, leaveOpen: true));

    /// <inheritdoc />
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
        => ZLibStreams.Decompress(source, destination, Name, ZLibStreams.Trailer.GZipLength, static input => new GZipStream(input, CompressionMode.Decompress, leaveOpen: true));
}
