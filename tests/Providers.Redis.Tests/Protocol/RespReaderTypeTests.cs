using System.Buffers;
using System.Globalization;
using System.Numerics;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>The header and payload accessors of <see cref="RespReader"/> per type, on one segment and cut at every boundary.</summary>
public sealed class RespReaderTypeTests
{
    [Theory]
    [InlineData("simple", '+', 2, false, false)]
    [InlineData("simple-empty", '+', 0, false, false)]
    [InlineData("error", '-', 25, false, true)]
    [InlineData("integer-min", ':', 20, false, false)]
    [InlineData("bulk", '$', 5, false, false)]
    [InlineData("bulk-empty", '$', 0, false, false)]
    [InlineData("null-bulk", '$', -1, true, false)]
    [InlineData("null-array", '*', -1, true, false)]
    [InlineData("array-empty", '*', 0, false, false)]
    [InlineData("array", '*', 3, false, false)]
    [InlineData("null", '_', -1, true, false)]
    [InlineData("true", '#', 1, false, false)]
    [InlineData("double-inf", ',', 3, false, false)]
    [InlineData("bignum", '(', 43, false, false)]
    [InlineData("bulk-error", '!', 21, false, true)]
    [InlineData("verbatim", '=', 15, false, false)]
    [InlineData("map", '%', 2, false, false)]
    [InlineData("set", '~', 3, false, false)]
    [InlineData("push", '>', 3, false, false)]
    [InlineData("attribute-real", '|', 1, false, false)]
    public void Header_reports_type_length_null_and_error(string name, char marker, long length, bool isNull, bool isError)
    {
        ForEveryCut(RespFrames.Get(name).Bytes, (ref RespReader reader) =>
        {
            Assert.True(reader.TryReadNext());
            Assert.Equal((RespType)marker, reader.Type);
            Assert.Equal(length, reader.Length);
            Assert.Equal(isNull, reader.IsNull);
            Assert.Equal(isError, reader.IsError);
        });
    }

    [Theory]
    [InlineData("integer-zero", 0L)]
    [InlineData("integer", 1000L)]
    [InlineData("integer-negative", -42L)]
    [InlineData("integer-max", long.MaxValue)]
    [InlineData("integer-min", long.MinValue)]
    [InlineData("bulk-digits", long.MinValue)]
    public void Integers_read_exactly(string name, long expected)
    {
        ForEveryCut(RespFrames.Get(name).Bytes, (ref RespReader reader) =>
        {
            reader.MoveNext();
            Assert.Equal(expected, reader.PayloadToInt64());
            Assert.Equal(expected, reader.PayloadToBigInteger());
        });
    }

    [Theory]
    [InlineData("double", "1.5")]
    [InlineData("double-real", "3.141")]
    [InlineData("double-negative-zero", "-0")]
    [InlineData("double-integral", "10")]
    [InlineData("double-inf", "Infinity")]
    [InlineData("double-negative-inf", "-Infinity")]
    [InlineData("double-nan", "NaN")]
    [InlineData("double-exponent", "15000000000")]
    [InlineData("double-exponent-upper", "-1.23E+20")]
    [InlineData("double-exponent-negative", "4.2E-07")]
    [InlineData("double-17-digits", "0.1")]
    [InlineData("integer-negative", "-42")]
    [InlineData("bulk-digits", "-9.223372036854776E+18")]
    public void Doubles_read_exactly_including_signs_and_specials(string name, string expected)
    {
        ForEveryCut(RespFrames.Get(name).Bytes, (ref RespReader reader) =>
        {
            reader.MoveNext();
            var value = reader.PayloadToDouble();
            Assert.Equal(expected, value.ToString("R", CultureInfo.InvariantCulture));
            Assert.True(double.IsNaN(value) || expected.StartsWith('-') == double.IsNegative(value));
        });
    }

    [Theory]
    [InlineData("$3\r\ninf\r\n", double.PositiveInfinity)]
    [InlineData("$4\r\n+inf\r\n", double.PositiveInfinity)]
    [InlineData("$4\r\n-inf\r\n", double.NegativeInfinity)]
    [InlineData("$3\r\nINF\r\n", double.PositiveInfinity)]
    [InlineData(",+inf\r\n", double.PositiveInfinity)]
    [InlineData(",-INF\r\n", double.NegativeInfinity)]
    [InlineData("$19\r\n0.10000000000000001\r\n", 0.1)]
    [InlineData(":7\r\n", 7.0)]
    public void RESP2_score_strings_read_as_doubles(string frame, double expected)
    {
        ForEveryCut(RespFrames.Bytes(frame), (ref RespReader reader) =>
        {
            reader.MoveNext();
            Assert.Equal(expected, reader.PayloadToDouble());
        });
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Booleans_read_exactly(string name, bool expected)
    {
        ForEveryCut(RespFrames.Get(name).Bytes, (ref RespReader reader) =>
        {
            reader.MoveNext();
            Assert.Equal(expected, reader.PayloadToBoolean());
        });
    }

    [Theory]
    [InlineData("bignum", "3492890328409238509324850943850943825024385")]
    [InlineData("bignum-negative", "-3492890328409238509324850943850943825024385")]
    public void Big_numbers_read_exactly(string name, string expected)
    {
        ForEveryCut(RespFrames.Get(name).Bytes, (ref RespReader reader) =>
        {
            reader.MoveNext();
            Assert.Equal(BigInteger.Parse(expected, CultureInfo.InvariantCulture), reader.PayloadToBigInteger());
            Assert.Equal(expected, reader.PayloadToString());
        });
    }

    [Theory]
    [InlineData("simple", "OK")]
    [InlineData("error", "ERR unknown command 'FOO'")]
    [InlineData("bulk", "hello")]
    [InlineData("bulk-empty", "")]
    [InlineData("bulk-utf8", "日本語")]
    [InlineData("bulk-error", "SYNTAX invalid syntax")]
    [InlineData("verbatim", "txt:Some string")]
    [InlineData("bignum", "3492890328409238509324850943850943825024385")]
    public void Text_payloads_read_as_utf8_and_compare_byte_for_byte(string name, string expected)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(expected);
        ForEveryCut(RespFrames.Get(name).Bytes, (ref RespReader reader) =>
        {
            reader.MoveNext();
            Assert.Equal(expected, reader.PayloadToString());
            Assert.Equal(utf8, reader.PayloadToArray());
            Assert.True(reader.PayloadEquals(utf8));
            Assert.False(reader.PayloadEquals([.. utf8, (byte)'x']));
            // Case-insensitive comparison is for ASCII keywords only.
            Assert.Equal(System.Text.Ascii.IsValid(expected), reader.PayloadEqualsIgnoreCase(System.Text.Encoding.UTF8.GetBytes(expected.ToUpperInvariant())));
        });
    }

    [Fact]
    public void Binary_payload_keeps_every_byte_and_equality_sees_a_one_byte_difference()
    {
        byte[] expected = [(byte)'a', 13, 10, (byte)'b', 0, 0xFF, 13, 13, 10, 10];
        ForEveryCut(RespFrames.Get("bulk-binary").Bytes, (ref RespReader reader) =>
        {
            reader.MoveNext();
            Assert.Equal(expected, reader.PayloadToArray());
            Assert.True(reader.PayloadEquals(expected));
            Assert.False(reader.PayloadEquals([.. expected[..^1], 11]));
            Assert.False(reader.PayloadEqualsIgnoreCase([.. expected[..^1], 11]));
        });
    }

    [Fact]
    public void A_null_has_an_empty_payload()
    {
        foreach (var name in new[] { "null", "null-bulk", "null-array" })
        {
            var reader = new RespReader(new ReadOnlySequence<byte>(RespFrames.Get(name).Bytes));
            reader.MoveNext();
            Assert.True(reader.Payload.IsEmpty);
            Assert.True(reader.End);
        }
    }

    private delegate void ReaderCheck(ref RespReader reader);

    // Runs the check on the whole frame and on the frame cut in two at every boundary.
    private static void ForEveryCut(byte[] frame, ReaderCheck check)
    {
        for (var cut = -1; cut <= frame.Length; cut++)
        {
            var reader = new RespReader(cut < 0 ? new ReadOnlySequence<byte>(frame) : Segments.Split(frame, cut));
            check(ref reader);
        }
    }
}
