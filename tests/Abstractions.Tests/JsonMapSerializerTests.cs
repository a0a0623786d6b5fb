using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace Adapters.Tests;

public sealed partial class JsonMapSerializerTests
{
    [Fact]
    public void Values_round_trip_as_utf8_json()
    {
        var serializer = JsonMapSerializer<Point>.Default;
        var buffer = new ArrayBufferWriter<byte>();

        serializer.Serialize(new Point(1, -2), buffer);

        Assert.Equal("""{"X":1,"Y":-2}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(new Point(1, -2), serializer.Deserialize(buffer.WrittenSpan));
    }

    [Fact]
    public void String_keys_take_their_json_form_like_the_seed_design()
    {
        var buffer = new ArrayBufferWriter<byte>();
        JsonMapSerializer<string>.Default.Serialize("order-1", buffer);
        Assert.Equal("\"order-1\"", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void A_stored_null_is_rejected_rather_than_returned()
        => Assert.Throws<JsonException>(() => JsonMapSerializer<Point>.Default.Deserialize("null"u8));

    [Fact]
    public void Garbage_throws_JsonException()
        => Assert.ThrowsAny<JsonException>(() => JsonMapSerializer<Point>.Default.Deserialize("{not json"u8));

    [Fact]
    public void Source_generated_metadata_is_used_when_given()
    {
        var serializer = new JsonMapSerializer<Point>(PointContext.Default.Point);
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(new Point(3, 4), buffer);
        Assert.Equal("""{"x":3,"y":4}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public async Task Serializing_from_many_threads_at_once_keeps_outputs_apart()
    {
        var serializer = JsonMapSerializer<Point>.Default;
        await Parallel.ForAsync(0, 10_000, TestContext.Current.CancellationToken, (i, _) =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            serializer.Serialize(new Point(i, i), buffer);
            Assert.Equal(new Point(i, i), serializer.Deserialize(buffer.WrittenSpan));
            return ValueTask.CompletedTask;
        });
    }

    public sealed record Point(int X, int Y);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(Point))]
    internal sealed partial class PointContext : JsonSerializerContext;
}
