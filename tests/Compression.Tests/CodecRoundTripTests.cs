using Xunit;

namespace Adapters.Compression.Tests;

public sealed class CodecRoundTripTests
{
    [Theory]
    [ClassData(typeof(CodecInputs))]
    public void Every_input_round_trips_through_the_codec(string codecName, string inputName)
    {
        var codec = Codecs.Available(codecName);
        var input = TestInputs.Get(inputName);

        var compressed = Codecs.Compress(codec, input);

        Assert.Equal(input, Codecs.Decompress(codec, compressed, input.Length));
    }

    [Theory]
    [ClassData(typeof(CodecInputs))]
    public void Every_input_round_trips_through_the_framer(string codecName, string inputName)
    {
        var codec = Codecs.Available(codecName);
        var input = TestInputs.Get(inputName);
        var framer = new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = 0 });

        var stored = framer.Encode(input);

        Assert.Equal(input, framer.Decode(stored));
        if (ValueFrame.TryReadHeader(stored, out var header))
        {
            Assert.Equal(input.Length, header.OriginalLength);
            Assert.Contains(header.Codec, new[] { codec.Id, CompressionCodecId.None });
        }
        else
        {
            Assert.Equal(input, stored);
        }
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void Compressible_inputs_shrink_and_incompressible_ones_are_stored_raw(string codecName)
    {
        var framer = new ValueFramer(new ValueFramerOptions { Codec = Codecs.Available(codecName), Threshold = 0 });

        var json = TestInputs.Get(TestInputs.Json1M);
        var compressed = framer.Encode(json);
        Assert.True(ValueFrame.TryReadHeader(compressed, out var header));
        Assert.Equal(framer.Codec.Id, header.Codec);
        Assert.True(compressed.Length < json.Length / 2, $"{codecName} stored 1 MiB of JSON in {compressed.Length} bytes.");

        var random = TestInputs.Get(TestInputs.Random);
        Assert.Equal(random, framer.Encode(random));
    }

    [Theory]
    [ClassData(typeof(CodecLevels))]
    public void Every_level_round_trips(string codecName, int level)
    {
        Codecs.Available(codecName);
        var codec = CompressionCodecs.ForName(codecName, level);
        var json = TestInputs.Json(64 * 1024);
        var random = TestInputs.RandomBytes(16 * 1024);

        Assert.Equal(json, Codecs.Decompress(codec, Codecs.Compress(codec, json), json.Length));
        Assert.Equal(random, Codecs.Decompress(codec, Codecs.Compress(codec, random), random.Length));
        Assert.Equal(level, codec switch
        {
            GZipCompressionCodec gzip => gzip.Level,
            DeflateCompressionCodec deflate => deflate.Level,
            ZLibCompressionCodec zlib => zlib.Level,
            BrotliCompressionCodec brotli => brotli.Level,
            ZstdCompressionCodec zstd => zstd.Level,
            Lz4CompressionCodec lz4 => lz4.Level,
            _ => throw new InvalidOperationException(codecName),
        });
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void Higher_levels_compress_json_at_least_as_well_as_the_lowest(string codecName)
    {
        Codecs.Available(codecName);
        var (min, _, max) = Codecs.Levels(codecName);
        var json = TestInputs.Json(64 * 1024);

        var smallest = Codecs.Compress(CompressionCodecs.ForName(codecName, max), json).Length;
        var fastest = Codecs.Compress(CompressionCodecs.ForName(codecName, min), json).Length;

        Assert.True(smallest < fastest, $"{codecName}: level {max} gave {smallest} bytes, level {min} gave {fastest}.");
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void Levels_outside_the_range_are_rejected_naming_the_level(string codecName)
    {
        var (min, _, max) = Codecs.Levels(codecName);

        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => CompressionCodecs.ForName(codecName, min - 1)).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => CompressionCodecs.ForName(codecName, max + 1)).ParamName);
    }

    [Theory]
    [ClassData(typeof(CodecNames))]
    public void A_payload_expanding_to_another_length_is_invalid_data(string codecName)
    {
        var codec = Codecs.Available(codecName);
        var input = TestInputs.Json(4096);
        var compressed = Codecs.Compress(codec, input);

        Assert.Throws<InvalidDataException>(() => codec.Decompress(compressed, new byte[input.Length - 1]));
        Assert.Throws<InvalidDataException>(() => codec.Decompress(compressed, new byte[input.Length + 1]));
        Assert.Throws<InvalidDataException>(() => codec.Decompress(compressed, []));
    }

    [Theory]
    [ClassData(typeof(CodecNames))]
    public void An_empty_input_compresses_and_decompresses_to_nothing(string codecName)
    {
        var codec = Codecs.Available(codecName);
        var compressed = Codecs.Compress(codec, []);

        codec.Decompress(compressed, Span<byte>.Empty);
        Assert.Throws<InvalidDataException>(() => codec.Decompress(compressed, new byte[1]));
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void An_empty_or_garbage_payload_is_invalid_data(string codecName)
    {
        var codec = Codecs.Available(codecName);

        Assert.Throws<InvalidDataException>(() => codec.Decompress([], new byte[10]));
        Assert.Throws<InvalidDataException>(() => codec.Decompress("this is not compressed at all"u8, new byte[100]));
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void A_destination_shorter_than_the_bound_is_rejected(string codecName)
    {
        var codec = Codecs.Available(codecName);
        var input = TestInputs.Json(4096);

        var error = Assert.Throws<ArgumentException>(() => codec.Compress(input, new byte[codec.GetMaxCompressedLength(input.Length) - 1]));

        Assert.Equal("destination", error.ParamName);
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void Incompressible_input_fits_the_bound_at_every_level(string codecName)
    {
        Codecs.Available(codecName);
        var (min, @default, max) = Codecs.Levels(codecName);
        var random = TestInputs.RandomBytes(300_000, seed: 3);

        foreach (var level in new[] { min, min + 1, @default, max })
        {
            var codec = CompressionCodecs.ForName(codecName, level);
            Assert.Equal(random, Codecs.Decompress(codec, Codecs.Compress(codec, random), random.Length));
        }
    }

    [Theory]
    [ClassData(typeof(CodecNames))]
    public void Codecs_are_found_by_id_and_name_case_insensitively(string codecName)
    {
        var codec = CompressionCodecs.ForName(codecName.ToUpperInvariant());

        Assert.Equal(codecName, codec.Name);
        Assert.Same(codec, CompressionCodecs.ForId(codec.Id));
        Assert.Contains(codec, CompressionCodecs.All);
    }

    [Fact]
    public void The_registry_holds_every_wire_id_once()
    {
        Assert.Equal(Enum.GetValues<CompressionCodecId>().Order(), CompressionCodecs.All.Select(codec => codec.Id).Order());
        Assert.Equal(CompressionCodecId.Zstd, CompressionCodecs.Zstd().Id);
        Assert.Equal(CompressionCodecId.Lz4, CompressionCodecs.Lz4().Id);
        Assert.Equal(CompressionCodecId.GZip, CompressionCodecs.GZip().Id);
        Assert.Equal(CompressionCodecId.Deflate, CompressionCodecs.Deflate().Id);
        Assert.Equal(CompressionCodecId.ZLib, CompressionCodecs.ZLib().Id);
        Assert.Equal(CompressionCodecId.Brotli, CompressionCodecs.Brotli().Id);
    }

    [Fact]
    public void Unknown_names_and_ids_are_rejected()
    {
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => CompressionCodecs.ForName("snappy")).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => CompressionCodecs.ForName("snappy", 1)).ParamName);
        Assert.Throws<InvalidDataException>(() => CompressionCodecs.ForId((CompressionCodecId)7));
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => CompressionCodecs.ForName("none", 1)).ParamName);
        Assert.Same(NoCompressionCodec.Instance, CompressionCodecs.ForName("none", 0));
    }

    [Fact]
    public void Lz4_levels_switch_between_the_fast_and_the_high_compression_compressor()
    {
        Codecs.Available("lz4");
        var json = TestInputs.Json(64 * 1024);

        var fast = Codecs.Compress(CompressionCodecs.Lz4(), json);
        var accelerated = Codecs.Compress(CompressionCodecs.Lz4(-20), json);
        var high = Codecs.Compress(CompressionCodecs.Lz4(Lz4CompressionCodec.HighCompressionLevel), json);

        Assert.True(accelerated.Length > fast.Length, $"acceleration 21 gave {accelerated.Length} bytes, the default {fast.Length}.");
        Assert.True(high.Length < fast.Length, $"LZ4 HC gave {high.Length} bytes, the fast compressor {fast.Length}.");
        Assert.Equal(fast, Codecs.Compress(CompressionCodecs.Lz4(2), json));
    }
}
