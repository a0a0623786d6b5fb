using Xunit;

namespace Adapters.Compression.Tests;

/// <summary>The codecs under test, by name, with the levels worth testing.</summary>
internal static class Codecs
{
    public static readonly string[] Names = ["none", "gzip", "deflate", "zlib", "brotli", "zstd", "lz4"];

    /// <summary>The default instance of <paramref name="name"/>; skips the test when its native library is missing.</summary>
    public static ICompressionCodec Available(string name)
    {
        var codec = CompressionCodecs.ForName(name);
        if (!codec.IsAvailable)
        {
            var reason = codec switch
            {
                ZstdCompressionCodec zstd => zstd.UnavailableReason,
                Lz4CompressionCodec lz4 => lz4.UnavailableReason,
                _ => null,
            };
            Assert.Skip($"The {name} codec is not available here: {reason}");
        }

        return codec;
    }

    /// <summary>The lowest, default and highest level of each codec that has levels.</summary>
    public static (int Min, int Default, int Max) Levels(string name) => name switch
    {
        "gzip" => (GZipCompressionCodec.MinLevel, GZipCompressionCodec.DefaultLevel, GZipCompressionCodec.MaxLevel),
        "deflate" => (DeflateCompressionCodec.MinLevel, DeflateCompressionCodec.DefaultLevel, DeflateCompressionCodec.MaxLevel),
        "zlib" => (ZLibCompressionCodec.MinLevel, ZLibCompressionCodec.DefaultLevel, ZLibCompressionCodec.MaxLevel),
        "brotli" => (BrotliCompressionCodec.MinLevel, BrotliCompressionCodec.DefaultLevel, BrotliCompressionCodec.MaxLevel),
        "zstd" => (ZstdCompressionCodec.MinLevel, ZstdCompressionCodec.DefaultLevel, ZstdCompressionCodec.MaxLevel),
        "lz4" => (Lz4CompressionCodec.MinLevel, Lz4CompressionCodec.DefaultLevel, Lz4CompressionCodec.MaxLevel),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "The codec has no levels."),
    };

    /// <summary>Compresses into a buffer of exactly the codec's bound and returns the compressed bytes.</summary>
    public static byte[] Compress(ICompressionCodec codec, ReadOnlySpan<byte> input)
    {
        var buffer = new byte[codec.GetMaxCompressedLength(input.Length)];
        var written = codec.Compress(input, buffer);
        Assert.InRange(written, 0, buffer.Length);
        return buffer[..written];
    }

    /// <summary>Decompresses into a new array of exactly <paramref name="length"/> bytes.</summary>
    public static byte[] Decompress(ICompressionCodec codec, ReadOnlySpan<byte> compressed, int length)
    {
        var output = new byte[length];
        codec.Decompress(compressed, output);
        return output;
    }
}

/// <summary>Every codec by name.</summary>
public sealed class CodecNames : TheoryData<string>
{
    public CodecNames() => AddRange(Codecs.Names);
}

/// <summary>Every codec that compresses (not <c>none</c>).</summary>
public sealed class CompressingCodecNames : TheoryData<string>
{
    public CompressingCodecNames() => AddRange(Codecs.Names.Where(name => name != "none").ToArray());
}

/// <summary>Every codec × every named input.</summary>
public sealed class CodecInputs : TheoryData<string, string>
{
    public CodecInputs()
    {
        foreach (var codec in Codecs.Names)
        {
            foreach (var input in TestInputs.Names)
            {
                Add(codec, input);
            }
        }
    }
}

/// <summary>Every compressing codec × its lowest, default and highest level.</summary>
public sealed class CodecLevels : TheoryData<string, int>
{
    public CodecLevels()
    {
        foreach (var codec in Codecs.Names.Where(name => name != "none"))
        {
            var (min, @default, max) = Codecs.Levels(codec);
            Add(codec, min);
            Add(codec, @default);
            Add(codec, max);
        }
    }
}
