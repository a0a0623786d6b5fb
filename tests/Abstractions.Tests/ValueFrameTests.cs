using Xunit;

namespace Adapters.Tests;

public sealed class ValueFrameTests
{
    [Fact]
    public void A_header_round_trips()
    {
        var frame = new byte[ValueFrame.HeaderSize + 3];
        ValueFrame.WriteHeader(frame, CompressionCodecId.Zstd, 1_000_000);

        Assert.True(ValueFrame.TryReadHeader(frame, out var header));
        Assert.Equal(new ValueFrameHeader(CompressionCodecId.Zstd, 1_000_000, 3), header);
        Assert.Equal([0xAD, 0xC0, 5, 0x40, 0x42, 0x0F, 0x00], frame[..ValueFrame.HeaderSize]);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xAD })]
    [InlineData(new byte[] { (byte)'{', (byte)'"' })]
    [InlineData(new byte[] { 0xC0, 0xAD, 0, 0, 0, 0, 0 })]
    public void Values_without_the_magic_are_raw(byte[] value)
    {
        Assert.False(ValueFrame.IsFramed(value));
        Assert.False(ValueFrame.TryReadHeader(value, out _));
    }

    [Fact]
    public void A_raw_value_beginning_with_the_magic_needs_framing()
        => Assert.True(ValueFrame.NeedsFraming([0xAD, 0xC0, 1, 2]));

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void A_truncated_header_is_invalid_data(int length)
    {
        var frame = new byte[ValueFrame.HeaderSize];
        ValueFrame.WriteHeader(frame, CompressionCodecId.None, 0);

        Assert.Throws<InvalidDataException>(() => ValueFrame.TryReadHeader(frame.AsSpan(0, length), out _));
    }

    [Fact]
    public void An_uncompressed_frame_must_hold_exactly_its_declared_length()
    {
        var frame = new byte[ValueFrame.HeaderSize + 4];
        ValueFrame.WriteHeader(frame, CompressionCodecId.None, 5);

        var error = Assert.Throws<InvalidDataException>(() => ValueFrame.TryReadHeader(frame, out _));
        Assert.Contains("declares 5 bytes but holds 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_beyond_int_max_is_invalid_data()
    {
        byte[] frame = [0xAD, 0xC0, 5, 0xFF, 0xFF, 0xFF, 0xFF, 1];
        Assert.Throws<InvalidDataException>(() => ValueFrame.TryReadHeader(frame, out _));
    }

    [Fact]
    public void Writing_into_a_short_span_or_a_negative_length_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueFrame.WriteHeader(new byte[6], CompressionCodecId.None, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueFrame.WriteHeader(new byte[7], CompressionCodecId.None, -1));
    }

    [Fact]
    public void Codec_ids_never_change()
    {
        Assert.Equal(
            [0, 1, 2, 3, 4, 5, 6],
            new[] { CompressionCodecId.None, CompressionCodecId.GZip, CompressionCodecId.Deflate, CompressionCodecId.ZLib, CompressionCodecId.Brotli, CompressionCodecId.Zstd, CompressionCodecId.Lz4 }.Select(id => (int)id));
    }
}
