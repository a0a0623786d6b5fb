using System.Buffers;
using System.Globalization;
using System.Text;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>The shared reply parsers fed raw frames, whole and cut at every boundary (each cut must parse alike).</summary>
public sealed class RepliesTests
{
    [Theory]
    [InlineData("+OK\r\n", true)]
    [InlineData("$-1\r\n", false)]
    [InlineData("_\r\n", false)]
    [InlineData("*-1\r\n", false)]
    public void Ok_is_true_unless_the_reply_is_null(string frame, bool expected)
        => Assert.Equal(expected, Parse(Replies.Ok, frame, ok => ok.ToString()) == "True");

    [Theory]
    [InlineData("$5\r\nhello\r\n", "hello")]
    [InlineData("$0\r\n\r\n", "")]
    [InlineData("$10\r\na\r\nb\0\xFF\r\r\n\n\r\n", "a\\r\\nb\\x00\\xFF\\r\\r\\n\\n")]
    [InlineData("+PONG\r\n", "PONG")]
    [InlineData("$-1\r\n", null)]
    [InlineData("_\r\n", null)]
    [InlineData("|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n", "v")]
    public void Bulk_returns_the_bytes_or_null(string frame, string? expected)
        => Assert.Equal(expected, Parse(Replies.Bulk, frame, bytes => bytes is null ? null : RespDump.Escape(bytes)));

    [Theory]
    [InlineData("$9\r\n\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\r\n", "日本語")]
    [InlineData("+QUEUED\r\n", "QUEUED")]
    [InlineData("$0\r\n\r\n", "")]
    [InlineData("$-1\r\n", null)]
    [InlineData("_\r\n", null)]
    public void Text_returns_utf8_text_or_null(string frame, string? expected)
        => Assert.Equal(expected, Parse(Replies.Text, frame, text => text));

    [Theory]
    [InlineData(":42\r\n", 42L)]
    [InlineData(":-9223372036854775808\r\n", long.MinValue)]
    [InlineData(":9223372036854775807\r\n", long.MaxValue)]
    [InlineData("$3\r\n123\r\n", 123L)]
    public void Integer_reads_integers_and_digit_strings(string frame, long expected)
        => Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), Parse(Replies.Integer, frame, value => value.ToString(CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(":5\r\n", "5")]
    [InlineData("$-1\r\n", "null")]
    [InlineData("_\r\n", "null")]
    public void IntegerOrNull_reads_integers_or_null(string frame, string expected)
        => Assert.Equal(expected, Parse(Replies.IntegerOrNull, frame, value => value?.ToString(CultureInfo.InvariantCulture) ?? "null"));

    [Theory]
    [InlineData(":1\r\n", true)]
    [InlineData(":0\r\n", false)]
    [InlineData(":2\r\n", true)]
    [InlineData("#t\r\n", true)]
    [InlineData("#f\r\n", false)]
    public void Flag_reads_integers_and_RESP3_booleans(string frame, bool expected)
        => Assert.Equal(expected.ToString(), Parse(Replies.Flag, frame, flag => flag.ToString()));

    [Theory]
    [InlineData(",1.5\r\n", "1.5")]
    [InlineData("$3\r\n1.5\r\n", "1.5")]
    [InlineData("$19\r\n0.10000000000000001\r\n", "0.1")]
    [InlineData("$3\r\ninf\r\n", "Infinity")]
    [InlineData("$4\r\n-inf\r\n", "-Infinity")]
    [InlineData(",-inf\r\n", "-Infinity")]
    [InlineData(",nan\r\n", "NaN")]
    [InlineData(",-0\r\n", "-0")]
    [InlineData(":3\r\n", "3")]
    [InlineData("$-1\r\n", "null")]
    [InlineData("_\r\n", "null")]
    public void DoubleOrNull_reads_RESP3_doubles_RESP2_strings_or_null(string frame, string expected)
        => Assert.Equal(expected, Parse(Replies.DoubleOrNull, frame, value => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null"));

    [Theory]
    [InlineData("*4\r\n$1\r\na\r\n$-1\r\n$0\r\n\r\n$2\r\n\r\n\r\n", "a|null||\\r\\n")]
    [InlineData("*3\r\n_\r\n$1\r\nb\r\n_\r\n", "null|b|null")]
    [InlineData("*2\r\n|1\r\n+k\r\n+v\r\n$1\r\nx\r\n$1\r\ny\r\n", "x|y")]
    [InlineData("*0\r\n", "")]
    [InlineData("*-1\r\n", "")]
    public void BulkArray_keeps_nulls_in_place(string frame, string expected)
        => Assert.Equal(expected, Parse(Replies.BulkArray, frame, values => string.Join("|", values.Select(value => value is null ? "null" : RespDump.Escape(value)))));

    [Theory]
    [InlineData("%2\r\n$1\r\nf\r\n$1\r\nv\r\n$2\r\nf2\r\n$0\r\n\r\n", "f=v|f2=")]
    [InlineData("*4\r\n$1\r\nf\r\n$1\r\nv\r\n$2\r\nf2\r\n$0\r\n\r\n", "f=v|f2=")]
    [InlineData("%1\r\n$1\r\nf\r\n|1\r\n+k\r\n+v\r\n$2\r\n\xFF\r\r\n", "f=\\xFF\\r")]
    [InlineData("%0\r\n", "")]
    [InlineData("*0\r\n", "")]
    [InlineData("*-1\r\n", "")]
    public void Pairs_read_a_RESP3_map_and_a_RESP2_flat_array_alike(string frame, string expected)
        => Assert.Equal(expected, Parse(Replies.Pairs, frame, pairs => string.Join("|", pairs.Select(pair => RespDump.Escape(pair.Key) + "=" + RespDump.Escape(pair.Value)))));

    [Fact]
    public void Pairs_read_a_300_field_HGETALL_reply_as_RESP2_and_RESP3()
    {
        var fields = Enumerable.Range(0, 300).Select(i => ($"field:{i}", new string('v', i % 17))).ToArray();
        var frame = new StringBuilder($"*{fields.Length * 2}\r\n");
        var map = new StringBuilder($"%{fields.Length}\r\n");
        foreach (var (field, value) in fields)
        {
            var pair = $"${field.Length}\r\n{field}\r\n${value.Length}\r\n{value}\r\n";
            frame.Append(pair);
            map.Append(pair);
        }

        // A prime step moves the cut through every position of the repeating field layout.
        var expected = string.Join("|", fields.Select(pair => pair.Item1 + "=" + pair.Item2));
        Assert.Equal(expected, Parse(Replies.Pairs, frame.ToString(), pairs => string.Join("|", pairs.Select(pair => RespDump.Escape(pair.Key) + "=" + RespDump.Escape(pair.Value))), step: 61));
        Assert.Equal(expected, Parse(Replies.Pairs, map.ToString(), pairs => string.Join("|", pairs.Select(pair => RespDump.Escape(pair.Key) + "=" + RespDump.Escape(pair.Value))), step: 61));
    }

    [Theory]
    [InlineData("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "a|b")]
    [InlineData("~3\r\n$1\r\nx\r\n$0\r\n\r\n+y\r\n", "x||y")]
    [InlineData("*0\r\n", "")]
    [InlineData("~0\r\n", "")]
    [InlineData("*-1\r\n", "")]
    public void BulkList_reads_arrays_and_sets(string frame, string expected)
        => Assert.Equal(expected, Parse(Replies.BulkList, frame, values => string.Join("|", values.Select(value => RespDump.Escape(value)))));

    [Fact]
    public void Value_materializes_the_whole_reply()
        => Assert.Equal("%[+a,*[:1,,1.5,#t],$b,_null]", Parse(Replies.Value, "%2\r\n+a\r\n*3\r\n:1\r\n,1.5\r\n#t\r\n$1\r\nb\r\n_\r\n", RespDump.Typed));

    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("*2\r\n$10\r\n0123456789\r\n:1\r\n")]
    [InlineData("%1\r\n$3\r\nkey\r\n*2\r\n:1\r\n:2\r\n")]
    public void Ignore_consumes_the_whole_reply(string frame)
        => Assert.Equal("True", Parse(Replies.Ignore, frame, ignored => ignored.ToString()));

    // Parses the frame whole and cut at every step-th boundary; every parse must render alike and consume the whole frame.
    private static string? Parse<T>(ReplyParser<T> parser, string frame, Func<T, string?> render, int step = 1)
    {
        var bytes = RespFrames.Bytes(frame);
        string? first = null;
        for (var cut = -1; cut <= bytes.Length; cut = cut < 0 ? 0 : cut + step)
        {
            var reader = new RespReader(cut < 0 ? new ReadOnlySequence<byte>(bytes) : Segments.Split(bytes, cut));
            reader.MoveNext();
            var rendered = render(parser(ref reader));
            Assert.True(reader.End, $"The parser left bytes when cut at {cut}.");
            if (cut < 0)
            {
                first = rendered;
            }
            else
            {
                Assert.Equal(first, rendered);
            }
        }

        return first;
    }
}
