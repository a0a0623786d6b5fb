using System.Buffers;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>Bytes that are not RESP: refused with <see cref="RespProtocolException"/> only, whole, split or truncated.</summary>
public sealed class RespReaderInvalidTests
{
    private static readonly Dictionary<string, string> Framing = new(StringComparer.Ordinal)
    {
        ["unknown-marker"] = "?5\r\n",
        ["unknown-marker-letter"] = "x\r\n",
        ["unknown-marker-nul"] = "\0",
        ["unknown-marker-space"] = " +OK\r\n",
        ["unknown-marker-crlf"] = "\r\n",
        ["streamed-chunk"] = ";4\r\nabcd\r\n",
        ["streamed-end"] = ".\r\n",
        ["http-reply"] = "HTTP/1.1 400 Bad Request\r\n",
        ["bulk-length-empty"] = "$\r\n",
        ["bulk-length-letters"] = "$abc\r\n",
        ["bulk-length-trailing-space"] = "$5 \r\nhello\r\n",
        ["bulk-length-leading-space"] = "$ 5\r\nhello\r\n",
        ["bulk-length-suffix"] = "$5x\r\nhello\r\n",
        ["bulk-length-fraction"] = "$1.5\r\n",
        ["bulk-length-21-digits"] = "$123456789012345678901\r\n",
        ["bulk-length-overflow"] = "$99999999999999999999\r\n",
        ["bulk-length-minus-two"] = "$-2\r\n",
        ["bulk-length-minus-five"] = "$-5\r\nhello\r\n",
        ["bulk-length-int64-max"] = "$9223372036854775807\r\nhello\r\n",
        ["bulk-length-int64-min"] = "$-9223372036854775808\r\n",
        ["bulk-length-above-2gib"] = "$2147483648\r\n",
        ["bulk-error-null"] = "!-1\r\n",
        ["verbatim-null"] = "=-1\r\n",
        ["bulk-length-never-ends"] = "$1234567890123456789012345678901234567890",
        ["array-length-never-ends"] = "*00000000000000000000000000000000000000001",
        ["bulk-missing-crlf"] = "$3\r\nfooXY",
        ["bulk-swapped-crlf"] = "$3\r\nfoo\n\r",
        ["bulk-half-crlf"] = "$3\r\nfoo\rX",
        ["bulk-empty-missing-crlf"] = "$0\r\nXX",
        ["bulk-too-long-payload"] = "$3\r\nfoobar\r\n",
        ["verbatim-missing-crlf"] = "=7\r\ntxt:abcXY",
        ["boolean-other-letter"] = "#x\r\n",
        ["boolean-upper-case"] = "#T\r\n",
        ["boolean-empty"] = "#\r\n",
        ["boolean-two-letters"] = "#tt\r\n",
        ["null-with-payload"] = "_x\r\n",
        ["null-with-space"] = "_ \r\n",
        ["integer-empty"] = ":\r\n",
        ["double-empty"] = ",\r\n",
        ["bignum-empty"] = "(\r\n",
        ["streamed-bulk"] = "$?\r\n;4\r\nabcd\r\n;0\r\n",
        ["streamed-array"] = "*?\r\n:1\r\n.\r\n",
        ["streamed-map"] = "%?\r\n+a\r\n:1\r\n.\r\n",
        ["streamed-set"] = "~?\r\n",
        ["streamed-push"] = ">?\r\n",
        ["streamed-attribute"] = "|?\r\n",
        ["streamed-verbatim"] = "=?\r\n",
        ["array-length-minus-two"] = "*-2\r\n",
        ["array-length-letters"] = "*abc\r\n",
        ["array-length-int64-max"] = "*9223372036854775807\r\n",
        ["array-length-above-2gib"] = "*2147483648\r\n:1\r\n",
        ["map-null"] = "%-1\r\n",
        ["map-negative"] = "%-2\r\n",
        ["map-length-overflowing-pairs"] = "%4611686018427387904\r\n:1\r\n",
        ["set-null"] = "~-1\r\n",
        ["push-null"] = ">-1\r\n",
        ["attribute-null"] = "|-1\r\n+v\r\n",
        ["attribute-overflowing-pairs"] = "|4611686018427387904\r\n+v\r\n",
        ["invalid-child"] = "*2\r\n:1\r\n#x\r\n",
        ["invalid-map-value"] = "%1\r\n+k\r\n$-2\r\n",
        ["invalid-decorated-value"] = "|1\r\n+k\r\n+v\r\n?\r\n",
        ["invalid-deep-child"] = "*1\r\n*1\r\n*1\r\n~1\r\n_0\r\n",
    };

    private static readonly Dictionary<string, string> Content = new(StringComparer.Ordinal)
    {
        ["integer-letters"] = ":abc\r\n",
        ["integer-fraction"] = ":1.5\r\n",
        ["integer-overflow"] = ":9223372036854775808\r\n",
        ["integer-trailing-space"] = ":12 \r\n",
        ["integer-trailing-letter"] = ":12a\r\n",
        ["double-letters"] = ",abc\r\n",
        ["double-two-points"] = ",1.5.5\r\n",
        ["double-infinity-word"] = ",infinity-and-beyond\r\n",
        ["bignum-letters"] = "(12a\r\n",
        ["bignum-fraction"] = "(1.5\r\n",
        ["bignum-only-sign"] = "(-\r\n",
        ["nested-bad-integer"] = "*2\r\n:1\r\n:x\r\n",
        ["map-bad-double"] = "%1\r\n+k\r\n,x\r\n",
    };

    public static TheoryData<string> FramingErrors => [.. Framing.Keys];

    public static TheoryData<string> ContentErrors => [.. Content.Keys];

    [Theory]
    [MemberData(nameof(FramingErrors))]
    public void Invalid_framing_is_refused_whole_and_cut_at_every_boundary(string name)
    {
        var bytes = RespFrames.Bytes(Framing[name]);

        Assert.Throws<RespProtocolException>(() => SkipOne(new ReadOnlySequence<byte>(bytes)));
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            Assert.Equal(RespOutcome.Refused, RespProbe.Scan(Segments.Split(bytes, cut)));
        }
    }

    [Theory]
    [MemberData(nameof(FramingErrors))]
    [MemberData(nameof(ContentErrors))]
    public void Every_prefix_of_invalid_input_is_incomplete_or_refused(string name)
    {
        var bytes = RespFrames.Bytes(Framing.TryGetValue(name, out var framing) ? framing : Content[name]);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.NotEqual(RespOutcome.Complete, RespProbe.Scan(new ReadOnlySequence<byte>(bytes, 0, length)));
        }
    }

    [Theory]
    [MemberData(nameof(ContentErrors))]
    public void Invalid_scalar_content_is_framed_but_refused_when_read(string name)
    {
        var bytes = RespFrames.Bytes(Content[name]);
        var reader = new RespReader(new ReadOnlySequence<byte>(bytes));

        Assert.True(reader.TrySkipValue());
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            Assert.Equal(RespOutcome.Refused, RespProbe.Scan(Segments.Split(bytes, cut)));
        }
    }

    [Theory]
    [InlineData("$3\r\nabc\r\n")]
    [InlineData("$0\r\n\r\n")]
    [InlineData("+\r\n")]
    [InlineData("$2\r\n1 \r\n")]
    public void Numeric_accessors_refuse_non_numeric_payloads(string frame)
    {
        var bytes = RespFrames.Bytes(frame);

        Assert.Throws<RespProtocolException>(() => Payload(bytes).PayloadToInt64());
        Assert.Throws<RespProtocolException>(() => Payload(bytes).PayloadToBigInteger());
        if (frame != "$2\r\n1 \r\n")
        {
            Assert.Throws<RespProtocolException>(() => Payload(bytes).PayloadToDouble());
        }
    }

    [Fact]
    public void An_integer_beyond_int64_is_refused_as_int64_but_read_as_big_number_or_double()
    {
        var bytes = RespFrames.Bytes("$25\r\n1234567890123456789012345\r\n");

        Assert.Throws<RespProtocolException>(() => Payload(bytes).PayloadToInt64());
        Assert.Equal(System.Numerics.BigInteger.Parse("1234567890123456789012345", System.Globalization.CultureInfo.InvariantCulture), Payload(bytes).PayloadToBigInteger());
        Assert.Equal(1.2345678901234568E+24, Payload(bytes).PayloadToDouble());
    }

    [Fact]
    public void Random_corruptions_of_valid_frames_are_read_or_refused_never_another_exception()
    {
        var random = new Random(20240607);
        var frames = RespFrames.All.Select(frame => frame.Bytes).ToArray();
        var outcomes = new Dictionary<RespOutcome, int>();
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = Corrupt(frames[random.Next(frames.Length)], random);
            var cut = random.Next(bytes.Length + 1);
            var outcome = RespProbe.Scan(Segments.Split(bytes, cut));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // The corpus must exercise all three outcomes, or the test proves little.
        Assert.All(Enum.GetValues<RespOutcome>(), outcome => Assert.True(outcomes.GetValueOrDefault(outcome) > 100, $"{outcome}: {outcomes.GetValueOrDefault(outcome)}"));
    }

    private static RespReader Payload(byte[] bytes)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(bytes));
        reader.MoveNext();
        return reader;
    }

    private static void SkipOne(ReadOnlySequence<byte> buffer)
    {
        var reader = new RespReader(buffer);
        if (reader.TrySkipValue())
        {
            var frame = new RespReader(buffer);
            frame.MoveNext();
            _ = RespValue.Read(ref frame);
        }
    }

    private static byte[] Corrupt(byte[] frame, Random random)
    {
        var bytes = new List<byte>(frame);
        ReadOnlySpan<byte> interesting = "\r\n-?:$*%~|>_#,(!=0123456789tf"u8;
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            var value = random.Next(3) == 0 ? (byte)random.Next(256) : interesting[random.Next(interesting.Length)];
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
