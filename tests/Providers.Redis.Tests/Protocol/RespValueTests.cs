using System.Buffers;
using System.Globalization;
using System.Numerics;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary><see cref="RespValue.Read"/> per type, and the conversions it offers (or refuses with InvalidCastException).</summary>
public sealed class RespValueTests
{
    [Theory]
    [InlineData("simple", "+OK")]
    [InlineData("error", "-ERR unknown command 'FOO'")]
    [InlineData("integer-min", ":-9223372036854775808")]
    [InlineData("bulk-binary", "$a\\r\\nb\\x00\\xFF\\r\\r\\n\\n")]
    [InlineData("bulk-empty", "$")]
    [InlineData("null-bulk", "$null")]
    [InlineData("null-array", "*null")]
    [InlineData("null", "_null")]
    [InlineData("true", "#t")]
    [InlineData("double-negative-zero", ",-0")]
    [InlineData("double-nan", ",NaN")]
    [InlineData("bignum-negative", "(-3492890328409238509324850943850943825024385")]
    [InlineData("bulk-error", "!SYNTAX invalid syntax")]
    [InlineData("verbatim-real", "=txt:This is a verbatim\\nstring")]
    [InlineData("verbatim-markdown", "=mkd:# Title")]
    [InlineData("array-empties-and-nulls", "*[*[],*null,$,$null]")]
    [InlineData("array-deep", "*[*[*[*[*[*[*[:7]]]]]]]")]
    [InlineData("map", "%[+first,:1,+second,:2]")]
    [InlineData("map-empty", "%[]")]
    [InlineData("set", "~[+orange,+apple,#t]")]
    [InlineData("push", ">[$message,$chan,$hello]")]
    [InlineData("attribute-real", "$Some real reply following the attribute")]
    [InlineData("attribute-nested", "*[:2039123,:9543892]")]
    [InlineData("attribute-on-map-entries", "%[+key,:1]")]
    [InlineData("attribute-inside-attribute", ":5")]
    [InlineData("nested-mixed-deep", "%[+k,*[~[%[+a,>[*[_null]]]],#t]]")]
    [InlineData("nested-empties", "*[%[],~[],*[*[]],>[],*[]]")]
    [InlineData("resp3-zrange-withscores", "*[*[$b,,-Infinity],*[$d,,0.1]]")]
    public void Read_materializes_every_type(string name, string expected)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(RespFrames.Get(name).Bytes));

        Assert.Equal(expected, RespDump.Typed(ref reader));
        Assert.True(reader.End);
    }

    [Fact]
    public void Maps_are_flattened_key_value_and_keep_their_type()
    {
        var value = Read("%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n*1\r\n#f\r\n");

        Assert.Equal(RespType.Map, value.Type);
        Assert.Equal(4, value.Items.Count);
        Assert.Equal("first", value.Items[0].AsString());
        Assert.Equal(1, value.Items[1].AsInt64());
        Assert.Equal("second", value.Items[2].AsString());
        Assert.False(value.Items[3].Items[0].AsBoolean());
        Assert.Equal("Map[4]", value.ToString());
    }

    [Fact]
    public void Verbatim_strings_strip_their_format_prefix()
    {
        var text = Read("=15\r\ntxt:Some string\r\n");
        var markdown = Read("=11\r\nmkd:# Title\r\n");

        Assert.Equal("Some string", text.AsString());
        Assert.Equal("Some string"u8.ToArray(), text.AsBytes());
        Assert.Equal("txt", text.VerbatimFormat);
        Assert.Equal("# Title", markdown.AsString());
        Assert.Equal("mkd", markdown.VerbatimFormat);
        Assert.Null(Read("$15\r\ntxt:Some string\r\n").VerbatimFormat);
        Assert.Equal("txt:Some string", Read("$15\r\ntxt:Some string\r\n").AsString());
    }

    [Theory]
    [InlineData(":42\r\n", 42L)]
    [InlineData(":-9223372036854775808\r\n", long.MinValue)]
    [InlineData("$3\r\n-17\r\n", -17L)]
    [InlineData("+123\r\n", 123L)]
    [InlineData("#t\r\n", 1L)]
    [InlineData("#f\r\n", 0L)]
    [InlineData("(9223372036854775807\r\n", long.MaxValue)]
    public void AsInt64_converts_integers_digit_strings_and_booleans(string frame, long expected)
        => Assert.Equal(expected, Read(frame).AsInt64());

    [Theory]
    [InlineData(",1.5\r\n", 1.5)]
    [InlineData(",-inf\r\n", double.NegativeInfinity)]
    [InlineData(":-3\r\n", -3.0)]
    [InlineData("$4\r\n2.25\r\n", 2.25)]
    [InlineData("$19\r\n0.10000000000000001\r\n", 0.1)]
    [InlineData("$6\r\n1.5e-3\r\n", 0.0015)]
    [InlineData("$3\r\ninf\r\n", double.PositiveInfinity)]
    [InlineData("$4\r\n-inf\r\n", double.NegativeInfinity)]
    [InlineData("$4\r\n+inf\r\n", double.PositiveInfinity)]
    [InlineData("$3\r\nnan\r\n", double.NaN)]
    public void AsDouble_converts_doubles_integers_and_numeric_strings(string frame, double expected)
        => Assert.Equal(expected, Read(frame).AsDouble());

    [Fact]
    public void AsDouble_reads_the_real_RESP2_ZRANGE_WITHSCORES_reply()
    {
        var items = Read(RespFrames.Get("resp2-zrange-withscores").Bytes).Items;

        Assert.Equal(
            [double.NegativeInfinity, 0.1, 1.5, double.PositiveInfinity],
            Enumerable.Range(0, items.Count / 2).Select(i => items[(2 * i) + 1].AsDouble()));
    }

    [Theory]
    [InlineData("#t\r\n", true)]
    [InlineData("#f\r\n", false)]
    [InlineData(":1\r\n", true)]
    [InlineData(":0\r\n", false)]
    [InlineData(":-5\r\n", true)]
    public void AsBoolean_converts_booleans_and_integers(string frame, bool expected)
        => Assert.Equal(expected, Read(frame).AsBoolean());

    [Theory]
    [InlineData("(3492890328409238509324850943850943825024385\r\n", "3492890328409238509324850943850943825024385")]
    [InlineData("(-1\r\n", "-1")]
    [InlineData(":-9223372036854775808\r\n", "-9223372036854775808")]
    [InlineData("$2\r\n12\r\n", "12")]
    public void AsBigInteger_converts_big_numbers_and_integers(string frame, string expected)
        => Assert.Equal(BigInteger.Parse(expected, CultureInfo.InvariantCulture), Read(frame).AsBigInteger());

    [Theory]
    [InlineData(":42\r\n", "42")]
    [InlineData(",1.5\r\n", "1.5")]
    [InlineData(",0.10000000000000001\r\n", "0.1")]
    [InlineData("#t\r\n", "true")]
    [InlineData("#f\r\n", "false")]
    [InlineData("(123\r\n", "123")]
    [InlineData("-ERR x\r\n", "ERR x")]
    [InlineData("!5\r\nERR y\r\n", "ERR y")]
    public void AsString_and_AsBytes_render_scalars(string frame, string expected)
    {
        var value = Read(frame);

        Assert.Equal(expected, value.AsString());
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(expected), value.AsBytes());
    }

    [Theory]
    [InlineData("_\r\n", '_')]
    [InlineData("$-1\r\n", '$')]
    [InlineData("*-1\r\n", '*')]
    public void Nulls_read_as_null_in_every_conversion_that_allows_it(string frame, char type)
    {
        var value = Read(frame);

        Assert.Equal((RespType)type, value.Type);
        Assert.True(value.IsNull);
        Assert.Null(value.AsString());
        Assert.Null(value.AsBytes());
        Assert.Empty(value.Items);
        Assert.Throws<InvalidCastException>(() => value.AsInt64());
        Assert.Throws<InvalidCastException>(() => value.AsDouble());
        Assert.Throws<InvalidCastException>(() => value.AsBoolean());
    }

    [Theory]
    [InlineData("$3\r\nabc\r\n", "AsInt64")]
    [InlineData("$3\r\nabc\r\n", "AsDouble")]
    [InlineData("$3\r\nabc\r\n", "AsBoolean")]
    [InlineData("$3\r\nabc\r\n", "AsBigInteger")]
    [InlineData("$20\r\n99999999999999999999\r\n", "AsInt64")]
    [InlineData(",1.5\r\n", "AsInt64")]
    [InlineData(",1.5\r\n", "AsBoolean")]
    [InlineData("#t\r\n", "AsDouble")]
    [InlineData("+OK\r\n", "AsBoolean")]
    [InlineData("(99999999999999999999\r\n", "AsInt64")]
    [InlineData("*1\r\n:1\r\n", "AsString")]
    [InlineData("*1\r\n:1\r\n", "AsBytes")]
    [InlineData("*1\r\n:1\r\n", "AsInt64")]
    [InlineData("*1\r\n:1\r\n", "AsDouble")]
    [InlineData("%0\r\n", "AsBoolean")]
    [InlineData("~0\r\n", "AsBigInteger")]
    public void Impossible_conversions_throw_InvalidCastException(string frame, string conversion)
    {
        var value = Read(frame);

        Assert.Throws<InvalidCastException>(() => conversion switch
        {
            "AsInt64" => value.AsInt64(),
            "AsDouble" => value.AsDouble(),
            "AsBoolean" => value.AsBoolean(),
            "AsBigInteger" => value.AsBigInteger(),
            "AsString" => value.AsString(),
            _ => (object?)value.AsBytes(),
        });
    }

    [Fact]
    public void Errors_are_flagged()
    {
        Assert.True(Read("-ERR x\r\n").IsError);
        Assert.True(Read("!1\r\nx\r\n").IsError);
        Assert.False(Read("+ERR\r\n").IsError);
    }

    [Fact]
    public void Factories_build_values_like_read_ones()
    {
        var array = RespValue.FromArray([RespValue.FromInteger(-7), RespValue.FromBulk("v"u8.ToArray()), RespValue.Null]);

        Assert.Equal("*[:-7,$v,_null]", RespDump.Typed(array));
        Assert.Equal("Array[3]", array.ToString());
        Assert.Equal("Integer:-7", array.Items[0].ToString());
        Assert.Same(RespValue.Null, RespValue.Null);
        Assert.True(RespValue.Null.IsNull);
    }

    private static RespValue Read(string frame) => Read(RespFrames.Bytes(frame));

    private static RespValue Read(byte[] frame)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(frame));
        reader.MoveNext();
        var value = RespValue.Read(ref reader);
        Assert.True(reader.End);
        return value;
    }
}
