using System.Buffers;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>Golden bytes for everything <see cref="RespWriter"/> writes, to a roomy and to a stingy buffer writer.</summary>
public sealed class RespWriterTests
{
    private delegate void Write(RespWriter writer);

    [Theory]
    [InlineData(0, "*0\r\n")]
    [InlineData(3, "*3\r\n")]
    [InlineData(int.MaxValue, "*2147483647\r\n")]
    public void Array_headers(int count, string expected)
        => AssertWrites(expected, writer => writer.WriteArrayHeader(count));

    [Theory]
    [InlineData("", "$0\r\n\r\n")]
    [InlineData("GET", "$3\r\nGET\r\n")]
    [InlineData("héllo", "$6\r\nh\xC3\xA9llo\r\n")]
    [InlineData("日本語", "$9\r\n\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\r\n")]
    [InlineData("😀", "$4\r\n\xF0\x9F\x98\x80\r\n")]
    [InlineData("a\r\nb", "$4\r\na\r\nb\r\n")]
    [InlineData("{user1000}.following", "$20\r\n{user1000}.following\r\n")]
    public void Text_is_written_as_utf8_bulk_strings(string text, string expected)
        => AssertWrites(expected, writer => writer.WriteBulk(text));

    [Fact]
    public void Bytes_are_written_verbatim()
    {
        AssertWrites("$0\r\n\r\n", writer => writer.WriteBulk(ReadOnlySpan<byte>.Empty));
        AssertWrites("$6\r\n\0\xFF\r\n\r\r\r\n", writer => writer.WriteBulk([0, 0xFF, 13, 10, 13, 13]));
    }

    [Theory]
    [InlineData(0L, "$1\r\n0\r\n")]
    [InlineData(-1L, "$2\r\n-1\r\n")]
    [InlineData(1234567890L, "$10\r\n1234567890\r\n")]
    [InlineData(long.MaxValue, "$19\r\n9223372036854775807\r\n")]
    [InlineData(long.MinValue, "$20\r\n-9223372036854775808\r\n")]
    public void Integers_are_written_as_decimal_bulk_strings(long value, string expected)
        => AssertWrites(expected, writer => writer.WriteBulk(value));

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(100.0, "100")]
    [InlineData(-2.5e-7, "-2.5E-07")]
    [InlineData(1e20, "1E+20")]
    [InlineData(0.3333333333333333, "0.3333333333333333")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(double.PositiveInfinity, "+inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Doubles_are_written_in_shortest_round_trip_form(double value, string text)
        => AssertWrites($"${text.Length}\r\n{text}\r\n", writer => writer.WriteBulk(value));

    [Fact]
    public void Doubles_round_trip_bit_for_bit_through_the_reader()
    {
        var random = new Random(42);
        double[] specials = [0.1, 0.2, 0.1 + 0.2, Math.PI, Math.E, 1e-300, -1e300, 123456789.123456789, double.MinValue, -double.Epsilon, 2.0 / 3, double.PositiveInfinity, double.NegativeInfinity, -0.0];
        var values = specials.Concat(Enumerable.Range(0, 2000).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64())).Where(double.IsFinite));
        foreach (var value in values)
        {
            var output = new ArrayBufferWriter<byte>();
            new RespWriter(output).WriteBulk(value);
            var reader = new RespReader(new ReadOnlySequence<byte>(output.WrittenMemory));
            reader.MoveNext();

            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(reader.PayloadToDouble()));
            Assert.True(reader.End);
        }
    }

    [Fact]
    public void Integers_round_trip_through_the_reader()
    {
        var random = new Random(7);
        long[] specials = [0, 1, -1, long.MinValue, long.MaxValue, int.MinValue, int.MaxValue];
        foreach (var value in specials.Concat(Enumerable.Range(0, 1000).Select(_ => random.NextInt64(long.MinValue, long.MaxValue))))
        {
            var output = new ArrayBufferWriter<byte>();
            new RespWriter(output).WriteBulk(value);
            var reader = new RespReader(new ReadOnlySequence<byte>(output.WrittenMemory));
            reader.MoveNext();

            Assert.Equal(value, reader.PayloadToInt64());
        }
    }

    [Fact]
    public void Sequences_are_written_as_one_bulk_string_whatever_their_segments()
    {
        var payload = "abc\r\ndef"u8.ToArray();

        AssertWrites("$0\r\n\r\n", writer => writer.WriteBulk(ReadOnlySequence<byte>.Empty));
        AssertWrites("$0\r\n\r\n", writer => writer.WriteBulk(Segments.Of(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty)));
        for (var first = 0; first <= payload.Length; first++)
        {
            for (var second = first; second <= payload.Length; second++)
            {
                var sequence = Segments.Split(payload, first, second);
                AssertWrites("$8\r\nabc\r\ndef\r\n", writer => writer.WriteBulk(sequence));
            }
        }
    }

    [Fact]
    public void A_one_mebibyte_bulk_string_is_written_whole()
    {
        var payload = new byte[1024 * 1024];
        new Random(3).NextBytes(payload);
        byte[] expected = [.. "$1048576\r\n"u8, .. payload, .. "\r\n"u8];

        AssertWrites(expected, writer => writer.WriteBulk(payload));
        AssertWrites(expected, writer => writer.WriteBulk(Segments.Split(payload, 1, 4096, 700_000)));
    }

    [Fact]
    public void A_whole_command_frame_is_a_valid_resp_array_of_bulk_strings()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RespWriter(output);
        writer.WriteArrayHeader(5);
        writer.WriteBulk("ZADD");
        writer.WriteBulk("z"u8);
        writer.WriteBulk(double.NegativeInfinity);
        writer.WriteBulk(-3L);
        writer.WriteBulk(new ReadOnlySequence<byte>("m"u8.ToArray()));

        Assert.Equal("*5\r\n$4\r\nZADD\r\n$1\r\nz\r\n$4\r\n-inf\r\n$2\r\n-3\r\n$1\r\nm\r\n", RespFrames.Latin1(output.WrittenSpan));
        Assert.Equal("*5[$4:ZADD,$1:z,$4:-inf,$2:-3,$1:m]", RespDump.Raw(new ReadOnlySequence<byte>(output.WrittenMemory)));
    }

    private static void AssertWrites(string expected, Write write) => AssertWrites(RespFrames.Bytes(expected), write);

    private static void AssertWrites(byte[] expected, Write write)
    {
        var roomy = new ArrayBufferWriter<byte>();
        write(new RespWriter(roomy));
        Assert.Equal(expected, roomy.WrittenSpan.ToArray());

        var stingy = new ChunkedBufferWriter();
        write(new RespWriter(stingy));
        Assert.Equal(expected, stingy.WrittenBytes);
    }
}
