using System.Buffers.Binary;
using System.IO.Compression;

namespace Adapters.Compression.Internal;

/// <summary>
/// Runs the BCL's deflate-family streams (deflate, zlib, gzip) over spans: compression writes through an
/// <see cref="UnmanagedMemoryStream"/> over the pinned destination, decompression reads from one over the pinned
/// source straight into the exact-length destination, so the only allocations are the ones the streams make.
/// </summary>
internal static unsafe class ZLibStreams
{
    /// <summary>
    /// A bound on the compressed size. zlib-ng (the BCL's zlib) codes level 1 with static Huffman trees, where
    /// incompressible input grows by up to one bit per byte, hence the eighth; the constant covers block headers and
    /// the format's wrapper.
    /// </summary>
    public static int MaxCompressedLength(int sourceLength, int wrapperBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        var bound = (long)sourceLength + (sourceLength >> 3) + (sourceLength >> 6) + 64 + wrapperBytes;
        return bound <= Array.MaxLength
            ? (int)bound
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), "The value is too large to compress into one array.");
    }

    public static int Compress(
        ReadOnlySpan<byte> source,
        Span<byte> destination,
        int maxCompressedLength,
        ZLibCompressionOptions options,
        Func<Stream, ZLibCompressionOptions, Stream> open)
    {
        if (destination.Length < maxCompressedLength)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; compression may need {maxCompressedLength}.", nameof(destination));
        }

        fixed (byte* output = destination)
        {
            using var target = new UnmanagedMemoryStream(output, 0, destination.Length, FileAccess.Write);
            using (var compressor = open(target, options))
            {
                compressor.Write(source);
            }

            return checked((int)target.Position);
        }
    }

    /// <summary>
    /// Decompresses exactly <paramref name="destination"/>'s length. The BCL streams end quietly at the end of their
    /// input, so a payload cut inside its checksum trailer would pass: the trailer is checked here against the output
    /// (gzip's ISIZE, zlib's Adler-32; zlib-ng verifies gzip's CRC itself once it reaches it). Raw deflate has no
    /// trailer: a cut that loses data fails the length check, one that loses only the end-of-block marker cannot be seen.
    /// </summary>
    public static void Decompress(ReadOnlySpan<byte> source, Span<byte> destination, string name, Trailer trailer, Func<Stream, Stream> open)
    {
        // The BCL writes nothing at all for an empty input, so an empty payload is the empty value.
        if (source.IsEmpty)
        {
            if (destination.IsEmpty)
            {
                return;
            }

            throw new InvalidDataException($"The {name} payload is empty but declares {destination.Length} bytes.");
        }

        fixed (byte* input = source)
        {
            using var compressed = new UnmanagedMemoryStream(input, source.Length);
            using var decompressor = open(compressed);
            try
            {
                var total = 0;
                while (total < destination.Length)
                {
                    var read = decompressor.Read(destination[total..]);
                    if (read == 0)
                    {
                        throw new InvalidDataException($"The {name} payload expands to {total} bytes, short of its declared {destination.Length}.");
                    }

                    total += read;
                }

                Span<byte> beyond = stackalloc byte[1];
                if (decompressor.Read(beyond) != 0)
                {
                    throw new InvalidDataException($"The {name} payload expands beyond its declared {destination.Length} bytes.");
                }
            }
            catch (IOException ex)
            {
                // ZLibException and friends: to callers, a payload zlib rejects is corrupt data like any other.
                throw new InvalidDataException($"The {name} payload is corrupt: {ex.Message}", ex);
            }
        }

        CheckTrailer(source, destination, name, trailer);
    }

    private static void CheckTrailer(ReadOnlySpan<byte> source, ReadOnlySpan<byte> output, string name, Trailer trailer)
    {
        var intact = trailer switch
        {
            Trailer.GZipLength => source.Length >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(source[^4..]) == (uint)output.Length,
            Trailer.ZLibAdler32 => source.Length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(source[^4..]) == Adler32(output),
            _ => true,
        };
        if (!intact)
        {
            throw new InvalidDataException($"The {name} payload is truncated or has bytes after its trailer.");
        }
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;

        // The largest run before the sums must be reduced to stay within 32 bits (zlib's NMAX).
        const int Run = 5552;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var run = data[..Math.Min(Run, data.Length)];
            foreach (var value in run)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[run.Length..];
        }

        return (b << 16) | a;
    }

    /// <summary>The checksum trailer a format ends with.</summary>
    public enum Trailer
    {
        /// <summary>Raw deflate: none.</summary>
        None,

        /// <summary>GZip: CRC-32 then the length modulo 2^32, little-endian.</summary>
        GZipLength,

        /// <summary>Zlib: the Adler-32 of the output, big-endian.</summary>
        ZLibAdler32,
    }
}
