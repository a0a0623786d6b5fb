using System.Runtime.CompilerServices;
using Xunit;

namespace Adapters.Compression.Tests;

/// <summary>
/// Golden frames pin the wire format: for each codec, Golden/{codec}.input and the frame written for it,
/// Golden/{codec}.frame, committed. Compressed bytes legitimately differ between versions of zlib-ng, brotli, libzstd
/// and liblz4 (and between levels), so comparing today's output byte for byte would fail on a library upgrade without
/// the format having changed. What must never change is what readers depend on: every committed frame must still
/// DECODE to its input exactly (old values stay readable), and frames written now must carry the same header bytes
/// (magic, codec id, original length) and decode to the input. Only <c>none</c>, which involves no compressor, is
/// compared byte for byte.
/// </summary>
public sealed class GoldenFrameTests
{
    public static TheoryData<string> Names => [.. Codecs.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Committed_frames_decode_to_their_input(string codecName)
    {
        var codec = Codecs.Available(codecName);
        var (input, frame) = Read(codecName);

        Assert.True(ValueFrame.TryReadHeader(frame, out var header), $"Golden/{codecName}.frame is not a frame.");
        Assert.Equal(codec.Id, header.Codec);
        Assert.Equal(input.Length, header.OriginalLength);
        Assert.Equal(input, ValueFramer.Uncompressed.Decode(frame));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Frames_written_now_keep_the_header_and_decode_to_the_input(string codecName)
    {
        var codec = Codecs.Available(codecName);
        var (input, golden) = Read(codecName);

        var frame = Writer(codec).Encode(input);

        Assert.Equal(golden[..ValueFrame.HeaderSize], frame[..ValueFrame.HeaderSize]);
        Assert.Equal(input, ValueFramer.Uncompressed.Decode(frame));
        AssertPayloadFormat(codec.Id, frame.AsSpan(ValueFrame.HeaderSize));
        if (codec.Id == CompressionCodecId.None)
        {
            Assert.Equal(golden, frame);
        }
    }

    // Explicit: it rewrites the committed files, so it runs only when asked (`-method "*Golden_frames_are_rewritten*" -explicit only`).
    [Fact(Explicit = true)]
    public void Golden_frames_are_rewritten_only_when_asked()
    {
        var directory = Path.Combine(SourceDirectory(), "Golden");
        Directory.CreateDirectory(directory);
        foreach (var name in Codecs.Names)
        {
            var codec = Codecs.Available(name);
            var input = Input(codec.Id);
            var frame = Writer(codec).Encode(input);
            Assert.True(ValueFrame.TryReadHeader(frame, out var header) && header.Codec == codec.Id, $"{name} did not frame its golden input.");
            File.WriteAllBytes(Path.Combine(directory, $"{name}.input"), input);
            File.WriteAllBytes(Path.Combine(directory, $"{name}.frame"), frame);
        }
    }

    private static ValueFramer Writer(ICompressionCodec codec) => new(new ValueFramerOptions { Codec = codec, Threshold = 0 });

    // A value must begin with the magic to be framed with none; every other codec frames 2 KiB of JSON.
    private static byte[] Input(CompressionCodecId codec) => codec == CompressionCodecId.None
        ? [ValueFrame.Magic0, ValueFrame.Magic1, .. "a raw value that happens to begin with the frame magic"u8]
        : TestInputs.Json(2048, seed: 2026);

    private static (byte[] Input, byte[] Frame) Read(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Golden");
        return (File.ReadAllBytes(Path.Combine(directory, $"{name}.input")), File.ReadAllBytes(Path.Combine(directory, $"{name}.frame")));
    }

    // The formats' own magic numbers: a payload written with another container would be caught here.
    private static void AssertPayloadFormat(CompressionCodecId codec, ReadOnlySpan<byte> payload)
    {
        switch (codec)
        {
            case CompressionCodecId.GZip:
                Assert.Equal([0x1F, 0x8B, 0x08], payload[..3].ToArray());
                break;
            case CompressionCodecId.ZLib:
                Assert.Equal(0x78, payload[0]);
                Assert.Equal(0, ((payload[0] << 8) | payload[1]) % 31);
                break;
            case CompressionCodecId.Zstd:
                Assert.Equal([0x28, 0xB5, 0x2F, 0xFD], payload[..4].ToArray());
                break;
            default:
                Assert.False(payload.IsEmpty);
                break;
        }
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
