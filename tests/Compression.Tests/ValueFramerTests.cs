using System.Buffers;
using System.Buffers.Binary;
using Xunit;

namespace Adapters.Compression.Tests;

public sealed class ValueFramerTests
{
    private static ValueFramer Framer(string codec = "zstd", int threshold = 1024, int max = 64 * 1024 * 1024)
        => new(new ValueFramerOptions { Codec = Codecs.Available(codec), Threshold = threshold, MaxDecompressedBytes = max });

    [Fact]
    public void Values_below_the_threshold_are_stored_as_they_are()
    {
        var framer = Framer(threshold: 1024);
        var value = TestInputs.Json(1023);

        Assert.Equal(value, framer.Encode(value));
    }

    [Fact]
    public void Values_at_the_threshold_are_compressed()
    {
        var framer = Framer(threshold: 1024);
        var value = TestInputs.Json(1024);

        var stored = framer.Encode(value);

        Assert.True(ValueFrame.TryReadHeader(stored, out var header));
        Assert.Equal(new ValueFrameHeader(CompressionCodecId.Zstd, 1024, stored.Length - ValueFrame.HeaderSize), header);
        Assert.Equal(value, framer.Decode(stored));
    }

    [Fact]
    public void Values_that_do_not_shrink_are_stored_raw()
    {
        var framer = Framer(threshold: 0);
        var value = TestInputs.RandomBytes(4096);
        value[0] = (byte)'{';

        Assert.Equal(value, framer.Encode(value));
    }

    [Fact]
    public void Compression_saving_less_than_the_header_stores_raw()
    {
        // Eight bytes compress to nothing useful with any codec: the header alone is seven.
        var framer = Framer("lz4", threshold: 0);
        var value = "aaaaaaaa"u8.ToArray();

        Assert.Equal(value, framer.Encode(value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(4096)]
    public void Raw_values_beginning_with_the_magic_are_framed_with_none(int extra)
    {
        var framer = Framer(threshold: 1 << 20);
        var value = new byte[] { ValueFrame.Magic0, ValueFrame.Magic1 }.Concat(TestInputs.RandomBytes(extra)).ToArray();

        var stored = framer.Encode(value);

        Assert.Equal(ValueFrame.HeaderSize + value.Length, stored.Length);
        Assert.True(ValueFrame.TryReadHeader(stored, out var header));
        Assert.Equal(CompressionCodecId.None, header.Codec);
        Assert.Equal(value, stored[ValueFrame.HeaderSize..]);
        Assert.Equal(value, framer.Decode(stored));
    }

    [Fact]
    public void Incompressible_values_beginning_with_the_magic_are_framed_with_none()
    {
        var framer = Framer(threshold: 0);
        var value = TestInputs.RandomBytes(4096);
        value[0] = ValueFrame.Magic0;
        value[1] = ValueFrame.Magic1;

        var stored = framer.Encode(value);

        Assert.True(ValueFrame.TryReadHeader(stored, out var header));
        Assert.Equal(CompressionCodecId.None, header.Codec);
        Assert.Equal(value, framer.Decode(stored));
    }

    [Fact]
    public void The_uncompressed_framer_never_compresses()
    {
        var value = TestInputs.Json(100_000);

        Assert.Equal(value, ValueFramer.Uncompressed.Encode(value));
        Assert.Same(NoCompressionCodec.Instance, ValueFramer.Uncompressed.Codec);
    }

    [Fact]
    public void Buffer_writer_overloads_match_the_array_ones()
    {
        var framer = Framer(threshold: 0);
        foreach (var value in new[] { TestInputs.Json(10_000), TestInputs.RandomBytes(100), [ValueFrame.Magic0, ValueFrame.Magic1, 1], [] })
        {
            var encoded = new ArrayBufferWriter<byte>(1);
            framer.Encode(value, encoded);
            Assert.Equal(framer.Encode(value), encoded.WrittenSpan.ToArray());

            var decoded = new ArrayBufferWriter<byte>(1);
            decoded.Write("prefix"u8);
            framer.Decode(encoded.WrittenSpan, decoded);
            Assert.Equal([.. "prefix"u8, .. value], decoded.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void Any_framer_decodes_frames_of_every_codec()
    {
        var reader = ValueFramer.Uncompressed;
        var value = TestInputs.Json(20_000);
        foreach (var name in Codecs.Names)
        {
            var codec = CompressionCodecs.ForName(name);
            if (codec.IsAvailable)
            {
                Assert.Equal(value, reader.Decode(new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = 0 }).Encode(value)));
            }
        }
    }

    [Fact]
    public void Unframed_values_decode_as_they_are()
    {
        var framer = Framer();

        Assert.Equal("{\"a\":1}"u8.ToArray(), framer.Decode("{\"a\":1}"u8));
        Assert.Equal([ValueFrame.Magic0], framer.Decode([ValueFrame.Magic0]));
        Assert.Empty(framer.Decode([]));
    }

    [Fact]
    public void A_frame_declaring_more_than_the_maximum_is_rejected_before_decompressing()
    {
        var writer = Framer(threshold: 0);
        var value = new byte[2 * 1024 * 1024];
        var stored = writer.Encode(value);
        var reader = Framer(max: 1024 * 1024);

        var error = Assert.Throws<InvalidDataException>(() => reader.Decode(stored));
        Assert.Contains("beyond the limit", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => reader.Decode(stored, new ArrayBufferWriter<byte>()));
        Assert.Equal(value, Framer(max: 2 * 1024 * 1024).Decode(stored));
    }

    [Fact]
    public void A_decompression_bomb_lying_about_its_length_is_invalid_data()
    {
        // 64 MiB of zeros compress to a few KiB; the frame claims 1 KiB, within the limit.
        var codec = Codecs.Available("zstd");
        var bomb = Codecs.Compress(codec, new byte[64 * 1024 * 1024]);
        var frame = new byte[ValueFrame.HeaderSize + bomb.Length];
        ValueFrame.WriteHeader(frame, CompressionCodecId.Zstd, 1024);
        bomb.CopyTo(frame, ValueFrame.HeaderSize);

        Assert.Throws<InvalidDataException>(() => Framer().Decode(frame));
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void Truncated_frames_are_invalid_data(string codecName)
    {
        var framer = Framer(codecName, threshold: 0);
        var value = TestInputs.Json(8192);
        var stored = framer.Encode(value);
        Assert.NotEqual(CompressionCodecId.None, (CompressionCodecId)stored[2]);

        foreach (var length in new[] { 2, 3, 6, ValueFrame.HeaderSize, ValueFrame.HeaderSize + 1, stored.Length / 2, stored.Length - 8, stored.Length - 4, stored.Length - 1 })
        {
            byte[]? decoded = null;
            var error = Record.Exception(() => decoded = framer.Decode(stored.AsSpan(0, length)));

            // Raw deflate has no trailer: losing only the end-of-block marker in the last byte cannot be seen, but
            // then every byte of the value was there.
            if (codecName == "deflate" && length == stored.Length - 1 && error is null)
            {
                Assert.Equal(value, decoded);
            }
            else
            {
                Assert.IsType<InvalidDataException>(error);
            }
        }
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void Bytes_after_the_payload_either_fail_or_are_ignored(string codecName)
    {
        // Raw deflate and brotli stop at their end-of-stream marker, so trailing bytes that expand to nothing cannot be
        // told from none; the others reject them (gzip and zlib by their trailer). Either way the value read is the one written.
        var framer = Framer(codecName, threshold: 0);
        var value = TestInputs.Json(8192);
        var stored = framer.Encode(value);

        foreach (var tail in new[] { new byte[1], new byte[100], TestInputs.RandomBytes(100), stored[ValueFrame.HeaderSize..] })
        {
            byte[]? decoded = null;
            var error = Record.Exception(() => decoded = framer.Decode([.. stored, .. tail]));
            if (error is null)
            {
                Assert.Equal(value, decoded);
            }
            else
            {
                Assert.IsType<InvalidDataException>(error);
            }
        }

        if (codecName is "zstd" or "lz4" or "gzip" or "zlib")
        {
            Assert.Throws<InvalidDataException>(() => framer.Decode([.. stored, .. TestInputs.RandomBytes(100)]));
        }
    }

    [Theory]
    [ClassData(typeof(CompressingCodecNames))]
    public void A_wrong_declared_length_is_invalid_data(string codecName)
    {
        var framer = Framer(codecName, threshold: 0);
        var stored = framer.Encode(TestInputs.Json(8192));

        foreach (var declared in new[] { 0, 1, 8191, 8193, 16_384 })
        {
            BinaryPrimitives.WriteUInt32LittleEndian(stored.AsSpan(3), (uint)declared);
            Assert.Throws<InvalidDataException>(() => framer.Decode(stored));
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(99)]
    [InlineData(255)]
    public void Unknown_codec_ids_are_invalid_data(byte id)
    {
        var stored = Framer(threshold: 0).Encode(TestInputs.Json(4096));
        stored[2] = id;

        var error = Assert.Throws<InvalidDataException>(() => Framer().Decode(stored));
        Assert.Contains($"unknown codec id {id}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_read_with_another_codec_is_invalid_data()
    {
        var stored = Framer("zstd", threshold: 0).Encode(TestInputs.Json(4096));
        foreach (var other in new[] { CompressionCodecId.GZip, CompressionCodecId.Deflate, CompressionCodecId.ZLib, CompressionCodecId.Brotli, CompressionCodecId.Lz4, CompressionCodecId.None })
        {
            stored[2] = (byte)other;
            Assert.Throws<InvalidDataException>(() => Framer().Decode(stored));
        }
    }

    [Fact]
    public void Options_are_validated_naming_the_setting()
    {
        Assert.Equal("Threshold", Assert.Throws<ArgumentOutOfRangeException>(() => new ValueFramer(new ValueFramerOptions { Threshold = -1 })).ParamName);
        Assert.Equal("MaxDecompressedBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new ValueFramer(new ValueFramerOptions { MaxDecompressedBytes = 0 })).ParamName);
        Assert.Equal("Codec", Assert.Throws<ArgumentNullException>(() => new ValueFramer(new ValueFramerOptions { Codec = null! })).ParamName);
        Assert.Throws<ArgumentNullException>(() => new ValueFramer(null!));
    }

    [Fact]
    public void The_framer_reports_its_settings()
    {
        var framer = Framer("lz4", threshold: 77, max: 1234);

        Assert.Equal("lz4", framer.Codec.Name);
        Assert.Equal(77, framer.Threshold);
        Assert.Equal(1234, framer.MaxDecompressedBytes);
    }
}
