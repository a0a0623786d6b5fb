using System.Buffers;
using System.Text;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>Golden bytes for whole commands from <see cref="CommandEncoder"/>, and the <see cref="CommandArg"/> kinds.</summary>
public sealed class CommandEncoderTests
{
    [Fact]
    public void A_command_without_arguments_is_a_one_element_array()
        => Assert.Equal("*1\r\n$4\r\nPING\r\n", Encode("PING"));

    [Fact]
    public void Text_arguments_are_utf8_bulk_strings()
    {
        Assert.Equal("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", Encode("SET", "key", "value"));
        Assert.Equal(
            "*3\r\n$3\r\nSET\r\n$11\r\nk\xC3\xA9y:\xE6\x97\xA5\xE6\x9C\xAC\r\n$4\r\n\xF0\x9F\x98\x80\r\n",
            Encode("SET", "kéy:日本", "😀"));
    }

    [Fact]
    public void Empty_arguments_are_empty_bulk_strings()
        => Assert.Equal("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n", Encode("SET", "", Array.Empty<byte>()));

    [Fact]
    public void Byte_arguments_are_sent_verbatim_including_a_slice_of_a_larger_array()
    {
        byte[] whole = [(byte)'x', 0, 13, 10, 0xFF, (byte)'y'];

        Assert.Equal("*3\r\n$4\r\nHSET\r\n$6\r\nx\0\r\n\xFFy\r\n$4\r\n\0\r\n\xFF\r\n", Encode("HSET", whole, (ReadOnlyMemory<byte>)whole.AsMemory(1, 4)));
    }

    [Fact]
    public void Integer_arguments_are_decimal_text_including_negatives_and_extremes()
    {
        Assert.Equal(
            "*6\r\n$6\r\nINCRBY\r\n$1\r\n0\r\n$2\r\n-1\r\n$2\r\n42\r\n$20\r\n-9223372036854775808\r\n$19\r\n9223372036854775807\r\n",
            Encode("INCRBY", 0, -1, 42L, long.MinValue, long.MaxValue));
    }

    [Fact]
    public void Double_arguments_round_trip_and_spell_infinities_as_redis_does()
    {
        Assert.Equal(
            "*7\r\n$4\r\nZADD\r\n$3\r\n0.1\r\n$3\r\n1.5\r\n$2\r\n-0\r\n$5\r\n1E+20\r\n$4\r\n+inf\r\n$4\r\n-inf\r\n",
            Encode("ZADD", 0.1, 1.5, -0.0, 1e20, double.PositiveInfinity, double.NegativeInfinity));
    }

    [Fact]
    public void Mixed_arguments_keep_their_order()
    {
        Assert.Equal(
            "*6\r\n$4\r\nEVAL\r\n$8\r\nreturn 1\r\n$1\r\n1\r\n$5\r\n{t}:k\r\n$3\r\n2.5\r\n$1\r\n\xFF\r\n",
            Encode("EVAL", "return 1", 1, "{t}:k", 2.5, new byte[] { 0xFF }));
    }

    [Fact]
    public void A_one_mebibyte_argument_is_encoded_whole_and_later_commands_are_unaffected()
    {
        var payload = new byte[1024 * 1024];
        new Random(11).NextBytes(payload);
        byte[] expected = [.. "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048576\r\n"u8, .. payload, .. "\r\n"u8];

        Assert.Equal(expected, CommandEncoder.Encode(RedisCommand.Of("SET"), ["k", payload]).ToArray());
        Assert.Equal(expected, CommandEncoder.Encode(RedisCommand.Of("SET"), ["k", payload]).ToArray());
        Assert.Equal("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", Encode("GET", "k"));
    }

    [Fact]
    public void A_short_command_after_a_long_one_carries_no_leftover_bytes()
    {
        _ = Encode("SET", new string('x', 5000), "value");

        Assert.Equal("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", Encode("GET", "k"));
    }

    [Fact]
    public void Random_commands_read_back_as_arrays_of_the_same_bulk_strings()
    {
        var random = new Random(5);
        for (var round = 0; round < 300; round++)
        {
            var args = Enumerable.Range(0, random.Next(0, 8)).Select(_ => RandomText(random)).ToArray();
            var encoded = CommandEncoder.Encode(RedisCommand.Of("CMD"), [.. args.Select(arg => (CommandArg)arg)]).ToArray();

            var reader = new RespReader(new ReadOnlySequence<byte>(encoded));
            reader.MoveNext();
            Assert.Equal(RespType.Array, reader.Type);
            Assert.Equal(args.Length + 1, reader.Length);
            reader.MoveNext();
            Assert.Equal("CMD", reader.PayloadToString());
            foreach (var arg in args)
            {
                reader.MoveNext();
                Assert.Equal(RespType.BulkString, reader.Type);
                Assert.Equal(arg, reader.PayloadToString());
            }

            Assert.True(reader.End);
        }
    }

    [Fact]
    public void Command_names_are_cached_with_their_encoding()
    {
        var command = RedisCommand.Of("HGETALL");

        Assert.Same(command, RedisCommand.Of("HGETALL"));
        Assert.Equal("$7\r\nHGETALL\r\n", RespFrames.Latin1(command.EncodedName));
        Assert.Equal("HGETALL", command.ToString());
    }

    [Fact]
    public void Null_text_or_bytes_are_refused_when_converted()
    {
        Assert.Throws<ArgumentNullException>(() => (CommandArg)(string)null!);
        Assert.Throws<ArgumentNullException>(() => (CommandArg)(byte[])null!);
    }

    [Fact]
    public void Key_bytes_come_from_text_or_bytes_and_only_from_those()
    {
        Span<byte> scratch = stackalloc byte[8];

        CommandArg shortText = "kéy";
        Assert.Equal("k\xC3\xA9y", RespFrames.Latin1(shortText.AsKeyBytes(scratch, out var rented)));
        Assert.Null(rented);

        CommandArg longText = "{tag}:a-long-key";
        Assert.Equal("{tag}:a-long-key", Encoding.UTF8.GetString(longText.AsKeyBytes(scratch, out rented)));
        Assert.NotNull(rented);

        byte[] raw = [1, 2, 3];
        CommandArg bytes = raw;
        Assert.Equal(raw, bytes.AsKeyBytes(scratch, out rented).ToArray());
        Assert.Null(rented);

        CommandArg number = 5;
        Assert.Throws<InvalidOperationException>(() => number.AsKeyBytes(new byte[8], out _).ToArray());
        CommandArg real = 0.5;
        Assert.Throws<InvalidOperationException>(() => real.AsKeyBytes(new byte[8], out _).ToArray());
    }

    [Fact]
    public void Key_references_expose_text_or_bytes_without_copying()
    {
        byte[] raw = [1, 2];
        CommandArg text = "k";
        CommandArg bytes = raw;
        CommandArg number = 1L;

        text.GetKeyReference(out var keyText, out var keyBytes);
        Assert.Equal("k", keyText);
        Assert.True(keyBytes.IsEmpty);
        bytes.GetKeyReference(out keyText, out keyBytes);
        Assert.Null(keyText);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(keyBytes, out var segment) && segment.Array == raw);
        number.GetKeyReference(out keyText, out keyBytes);
        Assert.Null(keyText);
        Assert.True(keyBytes.IsEmpty);
    }

    private static string Encode(string command, params CommandArg[] args)
        => RespFrames.Latin1(CommandEncoder.Encode(RedisCommand.Of(command), args));

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(6) switch
            {
                0 => '\r',
                1 => '\n',
                2 => (char)random.Next(0x80, 0x800),
                3 => (char)random.Next(0x3040, 0x30FF),
                _ => (char)random.Next(0x20, 0x7F),
            };
        }

        return new string(chars);
    }
}
