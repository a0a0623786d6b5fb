using System.Buffers;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary><see cref="RespReader.MoveNext"/>, <see cref="RespReader.SkipValue"/> and <see cref="RespReader.SkipChildren"/>.</summary>
public sealed class RespReaderNavigationTests
{
    [Theory]
    [InlineData("*2\r\n:1\r\n:2\r\n")]
    [InlineData("*2\r\n$10\r\n0123456789\r\n:1\r\n")]
    [InlineData("*3\r\n*2\r\n:1\r\n:2\r\n$3\r\nabc\r\n+x\r\n")]
    [InlineData("%2\r\n$5\r\nfield\r\n$1\r\nv\r\n+f2\r\n*2\r\n:1\r\n:2\r\n")]
    [InlineData("~1\r\n$100\r\n" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" + "\r\n")]
    [InlineData(">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$5\r\nhello\r\n")]
    [InlineData("*1\r\n|1\r\n+k\r\n$4\r\nlong\r\n:1\r\n")]
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("$5\r\nhello\r\n")]
    public void SkipChildren_leaves_the_reader_after_the_whole_value(string frame)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(RespFrames.Bytes(frame + "+NEXT\r\n")));
        reader.MoveNext();

        reader.SkipChildren();

        Assert.Equal(frame.Length, reader.Consumed);
        reader.MoveNext();
        Assert.True(reader.PayloadEquals("NEXT"u8));
    }

    [Theory]
    [InlineData("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$5\r\nreply\r\n")]
    [InlineData("|2\r\n+a\r\n$10\r\n0123456789\r\n+b\r\n:3\r\n$5\r\nreply\r\n")]
    [InlineData("|1\r\n+k\r\n|1\r\n+x\r\n$3\r\nyyy\r\n+v\r\n|0\r\n$5\r\nreply\r\n")]
    [InlineData("$5\r\nreply\r\n")]
    public void MoveNext_skips_leading_attributes_to_the_decorated_value(string frame)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(RespFrames.Bytes(frame)));

        reader.MoveNext();

        Assert.Equal(RespType.BulkString, reader.Type);
        Assert.Equal("reply", reader.PayloadToString());
        Assert.True(reader.End);
    }

    [Fact]
    public void TryReadNext_reports_an_attribute_with_its_pair_count()
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(RespFrames.Get("attribute-real").Bytes));

        Assert.True(reader.TryReadNext());

        Assert.Equal(RespType.Attribute, reader.Type);
        Assert.Equal(1, reader.Length);
        Assert.False(reader.IsNull);
    }

    [Fact]
    public void MoveNext_walks_a_nested_value_header_by_header()
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(RespFrames.Get("attribute-nested").Bytes));
        var seen = new List<string>();
        while (!reader.End)
        {
            reader.MoveNext();
            seen.Add($"{(char)(byte)reader.Type}{(reader.Type.IsAggregate() ? reader.Length : reader.PayloadToString())}");
        }

        Assert.Equal(["*2", ":2039123", ":9543892"], seen);
    }

    [Fact]
    public void SkipValue_skips_one_value_with_its_attributes()
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(RespFrames.Bytes("|1\r\n+k\r\n+v\r\n*2\r\n:1\r\n:2\r\n:3\r\n")));

        reader.SkipValue();

        Assert.Equal(RespFrames.Get("attribute-on-aggregate").Bytes.Length, reader.Consumed);
        reader.MoveNext();
        Assert.Equal(3, reader.PayloadToInt64());
    }

    [Theory]
    [InlineData("*2\r\n:1\r\n")]
    [InlineData("|1\r\n+k\r\n+v\r\n")]
    [InlineData("")]
    [InlineData("$5\r\nhel")]
    public void MoveNext_and_SkipValue_on_a_truncated_value_throw_protocol_errors(string frame)
    {
        var bytes = RespFrames.Bytes(frame);

        Assert.Throws<RespProtocolException>(() =>
        {
            var reader = new RespReader(new ReadOnlySequence<byte>(bytes));
            reader.SkipValue();
        });
        Assert.Throws<RespProtocolException>(() => MoveUntilFailure(bytes));
    }

    private static void MoveUntilFailure(byte[] bytes)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(bytes));
        for (var i = 0; i <= bytes.Length; i++)
        {
            reader.MoveNext();
        }
    }

    [Fact]
    public void A_reader_copy_scans_ahead_without_moving_the_original()
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(RespFrames.Get("array-nested").Bytes));
        var scan = reader;

        Assert.True(scan.TrySkipValue());

        Assert.Equal(0, reader.Consumed);
        Assert.True(scan.End);
        Assert.Equal(RespFrames.Get("array-nested").Raw, RespDump.Raw(ref reader));
    }
}
