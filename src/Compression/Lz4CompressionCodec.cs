using Adapters.Compression.Internal;

namespace Adapters.Compression;

/// <summary>
/// LZ4 block format through the system's liblz4 (Debian package <c>liblz4-1</c>): the fastest codec, with a lower
/// ratio. Levels follow lz4frame: below 3 the fast compressor (negative levels accelerate it: level −n runs with
/// acceleration n + 1), 3 to 12 LZ4 HC (slower to compress, smaller, decompresses as fast); default 0. Without the
/// library the codec reports <see cref="IsAvailable"/> false and its calls throw <see cref="DllNotFoundException"/>
/// naming the package to install.
/// </summary>
public sealed unsafe class Lz4CompressionCodec : ICompressionCodec
{
    /// <summary>The lowest level: the fast compressor at its largest acceleration (LZ4_ACCELERATION_MAX, 65537).</summary>
    public const int MinLevel = -65536;

    /// <summary>The highest level: LZ4 HC at its smallest output.</summary>
    public const int MaxLevel = 12;

    /// <summary>The default level: the fast compressor at acceleration 1 (liblz4's default).</summary>
    public const int DefaultLevel = 0;

    /// <summary>The first level that runs LZ4 HC.</summary>
    public const int HighCompressionLevel = 3;

    private readonly NativeLibraryProbe _library;

    /// <summary>Creates the codec compressing at <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside <see cref="MinLevel"/>..<see cref="MaxLevel"/>.</exception>
    public Lz4CompressionCodec(int level = DefaultLevel)
        : this(level, NativeLibraries.Lz4)
    {
    }

    internal Lz4CompressionCodec(int level, NativeLibraryProbe library)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        _library = library;
        Level = level;
    }

    /// <summary>The level new values are compressed at.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public CompressionCodecId Id => CompressionCodecId.Lz4;

    /// <inheritdoc />
    public string Name => "lz4";

    /// <inheritdoc />
    public bool IsAvailable => _library.IsAvailable;

    /// <summary>Why the codec is unavailable (naming the package to install), or <see langword="null"/> when it is available.</summary>
    public string? UnavailableReason => _library.FailureMessage;

    /// <inheritdoc />
    public int GetMaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        _library.EnsureAvailable();
        var bound = Lz4Native.LZ4_compressBound(sourceLength);
        return bound > 0
            ? bound
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), "The value is beyond LZ4's block size limit.");
    }

    /// <inheritdoc />
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var bound = GetMaxCompressedLength(source.Length);
        if (destination.Length < bound)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; compression may need {bound}.", nameof(destination));
        }

        byte empty = 0;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            var from = source.IsEmpty ? &empty : input;
            var written = Level >= HighCompressionLevel
                ? Lz4Native.LZ4_compress_HC(from, output, source.Length, destination.Length, Level)
                : Lz4Native.LZ4_compress_fast(from, output, source.Length, destination.Length, Level < 0 ? 1 - Level : 1);
            return written > 0 ? written : throw new InvalidOperationException($"LZ4 compression failed at level {Level}.");
        }
    }

    /// <inheritdoc />
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        _library.EnsureAvailable();
        if (source.IsEmpty)
        {
            throw new InvalidDataException("The lz4 payload is empty.");
        }

        // An empty destination still gets one byte of room, so a payload that expands at all is caught as too long.
        byte scratch = 0;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            var target = destination.IsEmpty ? &scratch : output;
            var capacity = destination.IsEmpty ? 1 : destination.Length;
            var result = Lz4Native.LZ4_decompress_safe(input, target, source.Length, capacity);
            if (result < 0)
            {
                throw new InvalidDataException($"The lz4 payload is corrupt or expands beyond its declared {destination.Length} bytes.");
            }

            if (result != destination.Length)
            {
                throw new InvalidDataException($"The lz4 payload expands to {result} bytes, not its declared {destination.Length}.");
            }
        }
    }
}
