using Adapters.Compression.Internal;

namespace Adapters.Compression;

/// <summary>
/// Zstandard (RFC 8878) through the system's libzstd (Debian package <c>libzstd1</c>), one frame per value: the best
/// ratio for its speed and over 1 GB/s to decompress. Levels <see cref="MinLevel"/> (negative: faster, larger) to
/// <see cref="MaxLevel"/> (22), default 3. Without the library the codec reports <see cref="IsAvailable"/> false and
/// its calls throw <see cref="DllNotFoundException"/> naming the package to install.
/// </summary>
public sealed unsafe class ZstdCompressionCodec : ICompressionCodec
{
    /// <summary>The default level (zstd's own): fast, with a ratio near gzip's best.</summary>
    public const int DefaultLevel = 3;

    // zstd's limits since 1.4, used to validate levels when the library is missing (the codec is unusable then anyway).
    private const int KnownMinLevel = -131072;
    private const int KnownMaxLevel = 22;

    private readonly NativeLibraryProbe _library;

    /// <summary>Creates the codec compressing at <paramref name="level"/> (0 means zstd's default, 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside <see cref="MinLevel"/>..<see cref="MaxLevel"/>.</exception>
    public ZstdCompressionCodec(int level = DefaultLevel)
        : this(level, NativeLibraries.Zstd)
    {
    }

    internal ZstdCompressionCodec(int level, NativeLibraryProbe library)
    {
        ArgumentNullException.ThrowIfNull(library);
        _library = library;
        ArgumentOutOfRangeException.ThrowIfLessThan(level, LevelRange(library).Min);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, LevelRange(library).Max);
        Level = level;
    }

    /// <summary>The lowest level the installed libzstd accepts (negative levels trade ratio for speed).</summary>
    public static int MinLevel => LevelRange(NativeLibraries.Zstd).Min;

    /// <summary>The highest level the installed libzstd accepts (22).</summary>
    public static int MaxLevel => LevelRange(NativeLibraries.Zstd).Max;

    /// <summary>The level new values are compressed at.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public CompressionCodecId Id => CompressionCodecId.Zstd;

    /// <inheritdoc />
    public string Name => "zstd";

    /// <inheritdoc />
    public bool IsAvailable => _library.IsAvailable;

    /// <summary>Why the codec is unavailable (naming the package to install), or <see langword="null"/> when it is available.</summary>
    public string? UnavailableReason => _library.FailureMessage;

    /// <inheritdoc />
    public int GetMaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        _library.EnsureAvailable();
        var bound = ZstdNative.ZSTD_compressBound((nuint)sourceLength);
        return ZstdNative.ZSTD_isError(bound) == 0 && bound <= (nuint)Array.MaxLength
            ? (int)bound
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), "The value is too large to compress into one array.");
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
            // libzstd is handed a real address even for an empty input: a null pointer is not a promise to keep.
            var context = ZstdContexts.Compression;
            var result = ZstdNative.ZSTD_compressCCtx(context.DangerousGetHandle(), output, (nuint)destination.Length, source.IsEmpty ? &empty : input, (nuint)source.Length, Level);
            return ZstdNative.ZSTD_isError(result) == 0
                ? (int)result
                : throw new InvalidOperationException($"zstd compression failed: {ZstdNative.ErrorName(result)}.");
        }
    }

    /// <inheritdoc />
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        _library.EnsureAvailable();
        if (source.IsEmpty)
        {
            throw new InvalidDataException("The zstd payload is empty.");
        }

        // An empty destination still gets one byte of room, so a payload that expands at all is caught as too long.
        byte scratch = 0;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            var target = destination.IsEmpty ? &scratch : output;
            var capacity = destination.IsEmpty ? 1 : destination.Length;
            var context = ZstdContexts.Decompression;
            var result = ZstdNative.ZSTD_decompressDCtx(context.DangerousGetHandle(), target, (nuint)capacity, input, (nuint)source.Length);
            if (ZstdNative.ZSTD_isError(result) != 0)
            {
                throw new InvalidDataException($"The zstd payload is corrupt or expands beyond its declared {destination.Length} bytes: {ZstdNative.ErrorName(result)}.");
            }

            if (result != (nuint)destination.Length)
            {
                throw new InvalidDataException($"The zstd payload expands to {result} bytes, not its declared {destination.Length}.");
            }
        }
    }

    private static (int Min, int Max) LevelRange(NativeLibraryProbe library)
        => library.IsAvailable ? (ZstdNative.ZSTD_minCLevel(), ZstdNative.ZSTD_maxCLevel()) : (KnownMinLevel, KnownMaxLevel);
}
