using System.IO.Compression;

namespace Adapters.Compression;

/// <summary>
/// Brotli (RFC 7932) through System.IO.Compression's one-shot span API: better ratios than gzip on text at similar
/// speeds. Quality 0 (fastest) to 11 (smallest, very slow), default 4; a 4 MiB window.
/// </summary>
public sealed class BrotliCompressionCodec : ICompressionCodec
{
    /// <summary>The lowest quality: the fastest.</summary>
    public const int MinLevel = 0;

    /// <summary>The highest quality: the smallest output, far slower than the rest.</summary>
    public const int MaxLevel = 11;

    /// <summary>The default quality (the BCL's): a good ratio at a speed fit for caching.</summary>
    public const int DefaultLevel = 4;

    // 2^22 bytes, the BCL's default; larger windows gain little on values of cache size.
    private const int Window = 22;

    /// <summary>Creates the codec compressing at quality <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside <see cref="MinLevel"/>..<see cref="MaxLevel"/>.</exception>
    public BrotliCompressionCodec(int level = DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        Level = level;
    }

    /// <summary>The quality new values are compressed at.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public CompressionCodecId Id => CompressionCodecId.Brotli;

    /// <inheritdoc />
    public string Name => "brotli";

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <inheritdoc />
    public int GetMaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        return BrotliEncoder.GetMaxCompressedLength(sourceLength);
    }

    /// <inheritdoc />
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var bound = GetMaxCompressedLength(source.Length);
        if (destination.Length < bound)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; compression may need {bound}.", nameof(destination));
        }

        return BrotliEncoder.TryCompress(source, destination, out var written, Level, Window)
            ? written
            : throw new InvalidOperationException($"Brotli compression failed at quality {Level}.");
    }

    /// <inheritdoc />
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.IsEmpty)
        {
            throw new InvalidDataException("The brotli payload is empty.");
        }

        // An empty destination still gets one byte of room, so a payload that expands at all is caught as too long.
        Span<byte> scratch = stackalloc byte[1];
        var target = destination.IsEmpty ? scratch : destination;
        if (!BrotliDecoder.TryDecompress(source, target, out var written))
        {
            throw new InvalidDataException($"The brotli payload is corrupt or expands beyond its declared {destination.Length} bytes.");
        }

        if (written != destination.Length)
        {
            throw new InvalidDataException($"The brotli payload expands to {written} bytes, not its declared {destination.Length}.");
        }
    }
}
