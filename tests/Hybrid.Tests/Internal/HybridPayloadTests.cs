using System.Buffers;
using System.Buffers.Binary;
using Adapters.Hybrid.Internal;
using Xunit;

namespace Adapters.Hybrid.Tests.Internal;

public sealed class HybridPayloadTests
{
    private static byte[] Write(string key, PayloadHeader header, byte[] value)
    {
        var writer = new ArrayBufferWriter<byte>();
        HybridPayload.Write(writer, key, header, value);
        return writer.WrittenSpan.ToArray();
    }

    private static readonly PayloadHeader Header = new(638_000_000_000_000_000, 638_000_000_600_000_000, ["red", "blüe"]);

    public static TheoryData<string, string[], int> RoundTrips => new()
    {
        { "key", [], 0 },
        { "key", ["one"], 1 },
        { "ключ-鍵-🔑", ["tag with space", "ü"], 100 },
        { new string('k', 600), [], 10 },
        { new string('é', 300), [new string('t', 1024)], 70_000 },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void A_payload_round_trips(string key, string[] tags, int valueLength)
    {
        var value = new byte[valueLength];
        new Random(valueLength).NextBytes(value);
        var header = new PayloadHeader(1234, 5678, tags);

        var problem = HybridPayload.TryRead(Write(key, header, value), key, out var read, out var readValue);

        Assert.Equal(PayloadProblem.None, problem);
        Assert.Equal((1234L, 5678L), (read.CreatedTicks, read.ExpiresTicks));
        Assert.Equal(tags, read.Tags);
        Assert.Equal(value, readValue.ToArray());
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        var payload = Write("key", Header, [1, 2, 3, 4, 5]);

        for (var length = 0; length < payload.Length; length++)
        {
            var problem = HybridPayload.TryRead(payload.AsMemory(0, length), "key", out _, out _);
            Assert.Equal(length < 4 ? PayloadProblem.Garbage : PayloadProblem.Truncated, problem);
        }
    }

    [Fact]
    public void A_byte_after_the_value_is_refused()
    {
        byte[] payload = [.. Write("key", Header, [1, 2, 3]), 0];

        Assert.Equal(PayloadProblem.Garbage, HybridPayload.TryRead(payload, "key", out _, out _));
    }

    [Theory]
    [InlineData(0, (byte)'X')]
    [InlineData(1, (byte)'X')]
    [InlineData(2, (byte)2)]
    [InlineData(3, (byte)1)]
    public void A_wrong_magic_version_or_reserved_byte_is_refused(int index, byte replacement)
    {
        var payload = Write("key", Header, [1]);
        payload[index] = replacement;

        Assert.Equal(PayloadProblem.Garbage, HybridPayload.TryRead(payload, "key", out _, out _));
    }

    [Theory]
    [InlineData("other")]
    [InlineData("ke")]
    [InlineData("key2")]
    [InlineData("KEY")]
    public void A_payload_of_another_key_is_refused(string readAs)
        => Assert.Equal(PayloadProblem.WrongKey, HybridPayload.TryRead(Write("key", Header, [1]), readAs, out _, out _));

    [Fact]
    public void A_long_key_is_compared_in_full()
    {
        var key = new string('k', 700);
        var payload = Write(key, Header, [1]);

        Assert.Equal(PayloadProblem.WrongKey, HybridPayload.TryRead(payload, key[..^1] + "x", out _, out _));
        Assert.Equal(PayloadProblem.None, HybridPayload.TryRead(payload, key, out _, out _));
    }

    [Fact]
    public void A_negative_key_length_is_refused()
    {
        var payload = Write("key", Header, [1]);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(20), -1);

        Assert.Equal(PayloadProblem.Garbage, HybridPayload.TryRead(payload, "key", out _, out _));
    }

    [Fact]
    public void A_key_length_past_the_end_is_refused()
    {
        var payload = Write("key", Header, [1]);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(20), int.MaxValue);

        Assert.Equal(PayloadProblem.Truncated, HybridPayload.TryRead(payload, "key", out _, out _));
    }

    [Fact]
    public void A_negative_or_short_value_length_is_refused()
    {
        var payload = Write("key", new PayloadHeader(1, 2, []), [1, 2, 3]);
        var valueLengthAt = payload.Length - 3 - 4;

        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(valueLengthAt), -3);
        Assert.Equal(PayloadProblem.Garbage, HybridPayload.TryRead(payload, "key", out _, out _));
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(valueLengthAt), 2);
        Assert.Equal(PayloadProblem.Garbage, HybridPayload.TryRead(payload, "key", out _, out _));
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(valueLengthAt), 4);
        Assert.Equal(PayloadProblem.Truncated, HybridPayload.TryRead(payload, "key", out _, out _));
    }

    [Fact]
    public void A_tag_count_past_the_end_is_refused()
    {
        var payload = Write("key", new PayloadHeader(1, 2, []), [1, 2, 3]);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(4 + 8 + 8 + 4 + 3), ushort.MaxValue);

        Assert.Equal(PayloadProblem.Truncated, HybridPayload.TryRead(payload, "key", out _, out _));
    }
}
