using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Adapters.Baileys;
using Xunit;
using static Adapters.Redis.Tests.Baileys.BaileysKit;

namespace Adapters.Redis.Tests.Baileys;

/// <summary>
/// BufferJSON reading and writing. Expected texts come from Node: <c>JSON.stringify(value, BufferJSON.replacer)</c> with
/// baileys 7.0.0-rc14, and the fixture files Baileys wrote.
/// </summary>
public sealed class BaileysBufferJsonTests
{
    private static readonly byte[] Sample = [251, 255, 191, 0, 1];

    [Fact]
    public void SerializeBuffer_writes_Baileys_replacer_output_byte_for_byte()
    {
        // Node: JSON.stringify(Buffer.from([251,255,191,0,1]), BufferJSON.replacer)
        Assert.Equal("""{"type":"Buffer","data":"+/+/AAE="}""", Encoding.UTF8.GetString(BaileysBufferJson.SerializeBuffer(Sample)));
        Assert.Equal("""{"type":"Buffer","data":""}""", Encoding.UTF8.GetString(BaileysBufferJson.SerializeBuffer([])));
    }

    [Fact]
    public void WriteBuffer_on_a_plain_writer_gives_the_same_bytes_without_escaping_plus()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            BaileysBufferJson.WriteBuffer(writer, Sample);
        }

        Assert.Equal(BaileysBufferJson.SerializeBuffer(Sample), output.WrittenSpan.ToArray());

        // JsonNode.ToJsonString escapes '+' by default (System.Text.Json's encoder); Serialize writes what Baileys writes.
        Assert.Equal("""{"type":"Buffer","data":"+/+/AAE="}""", Encoding.UTF8.GetString(BaileysBufferJson.Serialize(BaileysBufferJson.CreateBuffer(Sample))));
        Assert.Equal(Sample, BaileysBufferJson.ReadBuffer(BaileysBufferJson.CreateBuffer(Sample)));
    }

    [Theory]
    [InlineData("""{"type":"Buffer","data":"+/+/AAE="}""")]
    [InlineData("""{"data":"+/+/AAE=","type":"Buffer"}""")]
    [InlineData("""{"type":"Buffer","data":"+/+/AAE=","extra":true}""")]
    [InlineData("""{"type":"Buffer","data":[251,255,191,0,1]}""")]
    [InlineData("""{"0":251,"1":255,"2":191,"3":0,"4":1}""")]
    [InlineData("""{"4":1,"2":191,"0":251,"3":0,"1":255}""")]
    public void Every_form_Baileys_reads_decodes_to_the_same_bytes(string json)
    {
        var element = JsonDocument.Parse(json).RootElement;
        Assert.True(BaileysBufferJson.TryReadBuffer(element, out var bytes));
        Assert.Equal(Sample, bytes);
        Assert.Equal(Sample, BaileysBufferJson.ReadBuffer(JsonNode.Parse(json)));
        Assert.Equal(Sample, BaileysBufferJson.GetBuffer(Encoding.UTF8.GetBytes(json)));

        // Written back, every form becomes the base64 form, as Baileys rewrites it.
        Assert.Equal("""{"type":"Buffer","data":"+/+/AAE="}""", Encoding.UTF8.GetString(BaileysBufferJson.Serialize(element)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"type":"Other","data":"AAE="}""")]
    [InlineData("""{"0":1,"a":2}""")]
    [InlineData("""{"0":"1"}""")]
    [InlineData("""{"01":1}""")]
    [InlineData("""{"-1":1}""")]
    [InlineData("[1,2,3]")]
    [InlineData("\"AAE=\"")]
    [InlineData("null")]
    [InlineData("12")]
    public void Values_that_are_not_buffers_are_told_apart(string json)
    {
        var element = JsonDocument.Parse(json).RootElement;
        Assert.False(BaileysBufferJson.TryReadBuffer(element, out var bytes));
        Assert.Null(bytes);
        Assert.False(BaileysBufferJson.IsBuffer(element));
        Assert.Throws<FormatException>(() => BaileysBufferJson.ReadBuffer(element));
    }

    [Theory]
    [InlineData("""{"type":"Buffer","data":"not base64!"}""")]
    [InlineData("""{"type":"Buffer"}""")]
    [InlineData("""{"type":"Buffer","data":5}""")]
    [InlineData("""{"type":"Buffer","data":[1,256]}""")]
    [InlineData("""{"type":"Buffer","data":[1,-1]}""")]
    [InlineData("""{"type":"Buffer","data":[1.5]}""")]
    [InlineData("""{"type":"Buffer","data":["1"]}""")]
    [InlineData("""{"0":1,"1":300}""")]
    [InlineData("""{"0":1,"0":2}""")]
    public void Malformed_buffers_throw_FormatException(string json)
    {
        var element = JsonDocument.Parse(json).RootElement;
        Assert.Throws<FormatException>(() => BaileysBufferJson.TryReadBuffer(element, out _));
        Assert.Throws<FormatException>(() => BaileysBufferJson.Serialize(element));
    }

    [Fact]
    public void Random_bytes_round_trip_through_every_form()
    {
        var random = new Random(5);
        foreach (var length in new[] { 0, 1, 2, 3, 31, 32, 33, 128, 1000 })
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.Equal(bytes, BaileysBufferJson.GetBuffer(BaileysBufferJson.SerializeBuffer(bytes)));

            var arrayForm = new JsonObject { ["type"] = "Buffer", ["data"] = new JsonArray([.. bytes.Select(b => JsonValue.Create((int)b))]) };
            var numericKeys = new JsonObject(bytes.Select((b, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)JsonValue.Create((int)b))));
            Assert.Equal(bytes, BaileysBufferJson.ReadBuffer(arrayForm));
            Assert.Equal(BaileysBufferJson.SerializeBuffer(bytes), BaileysBufferJson.Serialize(arrayForm));
            if (length > 0)
            {
                Assert.Equal(bytes, BaileysBufferJson.ReadBuffer(numericKeys));
                Assert.Equal(BaileysBufferJson.SerializeBuffer(bytes), BaileysBufferJson.Serialize(numericKeys));
            }
        }
    }

    [Fact]
    public void Nested_buffers_in_every_form_are_revived_as_Baileys_does()
    {
        // Node: JSON.stringify(JSON.parse(text, BufferJSON.reviver), BufferJSON.replacer)
        var text = """{"a":{"2":3,"0":1,"1":2},"b":{"type":"Buffer","data":[1,2]},"c":{"data":"AQI=","type":"Buffer","x":1}}""";
        Assert.Equal(
            """{"a":{"type":"Buffer","data":"AQID"},"b":{"type":"Buffer","data":"AQI="},"c":{"type":"Buffer","data":"AQI="}}""",
            Encoding.UTF8.GetString(BaileysBufferJson.Serialize(JsonNode.Parse(text))));
    }

    [Fact]
    public void Serialize_writes_numbers_strings_and_key_order_as_JSON_stringify()
    {
        // Node: JSON.stringify([1e21, 1e20, ...]) and friends, printed by Node 20.
        var numbers = "[1e21,1e20,1.5e-7,0.000001,123.456,-0,5e-324,1.7976931348623157e308,0.30000000000000004,9007199254740994,-1.2345e-7,1e-6,1.25e-6,100,1e15,123e18,4.35,0.5,1E400]";
        Assert.Equal(
            "[1e+21,100000000000000000000,1.5e-7,0.000001,123.456,0,5e-324,1.7976931348623157e+308,0.30000000000000004,9007199254740994,-1.2345e-7,0.000001,0.00000125,100,1000000000000000,123000000000000000000,4.35,0.5,null]",
            Encoding.UTF8.GetString(BaileysBufferJson.Serialize(JsonDocument.Parse(numbers).RootElement)));

        var keys = """{"b":1,"2":2,"a":3,"1":4,"01":5,"4294967295":6,"4294967294":7}""";
        Assert.Equal(
            """{"1":4,"2":2,"4294967294":7,"b":1,"a":3,"01":5,"4294967295":6}""",
            Encoding.UTF8.GetString(BaileysBufferJson.Serialize(JsonDocument.Parse(keys).RootElement)));

        var repeated = """{"a":1,"b":2,"a":3}""";
        Assert.Equal("""{"a":3,"b":2}""", Encoding.UTF8.GetString(BaileysBufferJson.Serialize(JsonDocument.Parse(repeated).RootElement)));

        var text = new JsonArray("\u0000\u001f\b\f\n\r\t\"\\/<>&+'é😀\u2028\u007f", true, false, null);
        Assert.Equal(
            "[\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/<>&+'é😀\u2028\u007f\",true,false,null]",
            Encoding.UTF8.GetString(BaileysBufferJson.Serialize(text)));
        Assert.Equal("null", Encoding.UTF8.GetString(BaileysBufferJson.Serialize((JsonNode?)null)));
    }

    [Fact]
    public void Parsing_and_serializing_every_fixture_file_gives_Baileys_bytes_back()
    {
        var files = Directory.GetFiles(FixtureFolder);
        Assert.Equal(Fixture.Keys.Count + 1, files.Length);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(BaileysBufferJson.Serialize(BaileysBufferJson.Parse(bytes))));
        }
    }

    [Fact]
    public void GetBuffer_reads_the_fields_Baileys_wrote()
    {
        var creds = FixtureFile("creds.json");
        Assert.Equal(Hex(Fixture.NoiseKeyPrivateHex), BaileysBufferJson.GetBuffer(creds, "noiseKey", "private"));
        Assert.Equal(Hex(Fixture.SignedIdentityKeyPublicHex), BaileysBufferJson.GetBuffer(creds, "signedIdentityKey", "public"));
        Assert.Equal(Hex(Fixture.SignedPreKeySignatureHex), BaileysBufferJson.GetBuffer(creds, "signedPreKey", "signature"));
        Assert.Equal(Fixture.RegistrationId, BaileysBufferJson.Parse(creds)!["registrationId"]!.GetValue<int>());
        Assert.Equal(Fixture.MeName, BaileysBufferJson.Parse(creds)!["me"]!["name"]!.GetValue<string>());

        var binaries = Fixture.Keys.Where(key => key.BufferHex is not null).ToList();
        Assert.Contains(binaries, key => key.Type == AuthKeyTypes.Session);
        Assert.Contains(binaries, key => key.Type == AuthKeyTypes.SenderKey);
        Assert.Contains(binaries, key => key.Type == AuthKeyTypes.IdentityKey);
        foreach (var key in binaries)
        {
            Assert.Equal(Hex(key.BufferHex!), BaileysBufferJson.GetBuffer(FixtureFile(key.File)));
        }

        foreach (var key in Fixture.Keys.Where(key => key.Type == AuthKeyTypes.PreKey))
        {
            Assert.Equal(Hex(key.PrivateHex!), BaileysBufferJson.GetBuffer(FixtureFile(key.File), "private"));
            Assert.Equal(Hex(key.PublicHex!), BaileysBufferJson.GetBuffer(FixtureFile(key.File), "public"));
        }

        Assert.Throws<KeyNotFoundException>(() => BaileysBufferJson.GetBuffer(creds, "noiseKey", "missing"));
        Assert.Throws<FormatException>(() => BaileysBufferJson.GetBuffer(creds, "registrationId"));
    }

    [Fact]
    public void A_sender_key_record_holds_array_form_buffers_inside_its_base64_buffer()
    {
        // Baileys stores a sender key as Buffer.from(JSON.stringify(record)): plain JSON.stringify, so the record's own
        // buffers use Buffer.toJSON's array form.
        var key = Fixture.Keys.First(key => key.Type == AuthKeyTypes.SenderKey);
        var record = BaileysBufferJson.Parse(BaileysBufferJson.GetBuffer(FixtureFile(key.File)))!.AsArray();
        var seed = record[0]!["senderChainKey"]!["seed"]!;
        Assert.Equal(JsonValueKind.Array, seed["data"]!.GetValueKind());
        Assert.Equal(32, BaileysBufferJson.ReadBuffer(seed).Length);
        Assert.Equal(33, BaileysBufferJson.ReadBuffer(record[0]!["senderSigningKey"]!["public"]).Length);
    }
}
