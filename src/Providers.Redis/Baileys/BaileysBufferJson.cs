using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Adapters.Baileys;

/// <summary>
/// Baileys' <c>BufferJSON</c> encoding of binary data in JSON: its <c>replacer</c> writes every <c>Buffer</c> or
/// <c>Uint8Array</c> as <c>{"type":"Buffer","data":"&lt;base64&gt;"}</c>, and its <c>reviver</c> turns that form back
/// into bytes, as well as objects whose keys are all numbers and values all numbers (a <c>Uint8Array</c> stringified
/// without the replacer). <c>Buffer.toJSON()</c>'s <c>{"type":"Buffer","data":[1,2,3]}</c> is a buffer to Baileys too.
/// </summary>
/// <remarks>
/// <para>Every form is read; only the base64 form is written, byte for byte as <c>JSON.stringify(value,
/// BufferJSON.replacer)</c> writes it (no indentation, <c>type</c> before <c>data</c>, padded standard base64).</para>
/// <para>A stored Baileys value is the exact JSON text of its file (see <see cref="BaileysAuthFolder"/>); use
/// <see cref="Parse"/>, <see cref="GetBuffer"/> and <see cref="Serialize(JsonNode)"/> to work with its fields.</para>
/// <para>Where Baileys is lenient this reader is strict, and throws <see cref="FormatException"/>: base64 must be
/// valid, array and numeric-key forms must hold integers 0-255 (Baileys would wrap them modulo 256), and the numeric-key
/// form is recognised only with keys that are plain non-negative integers (<c>0</c>, <c>17</c>, not <c>017</c>), taken
/// in ascending order as JavaScript does.</para>
/// </remarks>
public static partial class BaileysBufferJson
{
    /// <summary>The value of <c>type</c> that marks a buffer object.</summary>
    public const string BufferTypeName = "Buffer";

    private const string TypeProperty = "type";
    private const string DataProperty = "data";

    /// <summary>Writes <c>{"type":"Buffer","data":"&lt;base64&gt;"}</c> (exactly Baileys' bytes when the writer does not indent).</summary>
    public static void WriteBuffer(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(TypeProperty, BufferTypeName);
        writer.WriteBase64String(DataProperty, bytes);
        writer.WriteEndObject();
    }

    /// <summary>A JSON document holding only a buffer: what Baileys writes for a <c>session</c>, <c>sender-key</c> or <c>identity-key</c> given as bytes.</summary>
    public static byte[] SerializeBuffer(ReadOnlySpan<byte> bytes)
    {
        var output = new ArrayBufferWriter<byte>(bytes.Length * 4 / 3 + 32);
        using (var writer = new Utf8JsonWriter(output))
        {
            WriteBuffer(writer, bytes);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A <see cref="JsonObject"/> <c>{"type":"Buffer","data":"&lt;base64&gt;"}</c>, to place bytes in a node tree; write the
    /// tree with <see cref="Serialize(JsonNode)"/> (<c>ToJsonString()</c> would escape <c>+</c> as <c>\u002B</c>).
    /// </summary>
    public static JsonObject CreateBuffer(ReadOnlySpan<byte> bytes)
        => new() { [TypeProperty] = BufferTypeName, [DataProperty] = Convert.ToBase64String(bytes) };

    /// <summary>Whether the element is a buffer in any of the forms Baileys reads.</summary>
    /// <exception cref="FormatException">It has a buffer's shape but invalid content.</exception>
    public static bool IsBuffer(JsonElement element) => TryReadBuffer(element, out _);

    /// <summary>Reads a buffer in any of the forms Baileys reads; <see langword="false"/> when the element is not a buffer.</summary>
    /// <exception cref="FormatException">It has a buffer's shape (a <c>"type":"Buffer"</c> object, or all-numeric keys and values) but invalid content.</exception>
    public static bool TryReadBuffer(JsonElement element, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (element.TryGetProperty(TypeProperty, out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals(BufferTypeName))
        {
            bytes = ReadTypedBuffer(element);
            return true;
        }

        return TryReadNumericKeyObject(element, out bytes);
    }

    /// <summary>Reads a buffer in any of the forms Baileys reads.</summary>
    /// <exception cref="FormatException">The element is not a buffer, or an invalid one.</exception>
    public static byte[] ReadBuffer(JsonElement element)
        => TryReadBuffer(element, out var bytes) ? bytes : throw new FormatException($"A JSON {element.ValueKind} is not a Baileys buffer.");

    /// <summary>Reads a buffer in any of the forms Baileys reads; <see langword="false"/> when the node is not a buffer.</summary>
    /// <exception cref="FormatException">It has a buffer's shape but invalid content.</exception>
    public static bool TryReadBuffer(JsonNode? node, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        return node is JsonObject && TryReadBuffer(ToElement(node), out bytes);
    }

    /// <summary>Reads a buffer in any of the forms Baileys reads.</summary>
    /// <exception cref="FormatException">The node is not a buffer, or an invalid one.</exception>
    public static byte[] ReadBuffer(JsonNode? node)
        => TryReadBuffer(node, out var bytes) ? bytes : throw new FormatException($"A JSON {node?.GetValueKind() ?? JsonValueKind.Null} is not a Baileys buffer.");

    /// <summary>
    /// Reads the buffer at a path of property names (or array indexes) in a stored value, e.g.
    /// <c>GetBuffer(creds, "noiseKey", "private")</c>; an empty path reads the whole value (a session given as bytes).
    /// </summary>
    /// <exception cref="JsonException">The value is not valid JSON.</exception>
    /// <exception cref="KeyNotFoundException">The path does not exist.</exception>
    /// <exception cref="FormatException">The value at the path is not a buffer, or an invalid one.</exception>
    public static byte[] GetBuffer(ReadOnlyMemory<byte> utf8Json, params ReadOnlySpan<string> path)
    {
        using var document = JsonDocument.Parse(utf8Json);
        var element = document.RootElement;
        for (var i = 0; i < path.Length; i++)
        {
            if (!TryStep(element, path[i], out element))
            {
                throw new KeyNotFoundException($"The JSON value has nothing at '{string.Join('.', path[..(i + 1)].ToArray())}'.");
            }
        }

        return ReadBuffer(element);
    }

    /// <summary>Parses a stored value (a Baileys file's JSON text); buffers stay objects, read them with <see cref="ReadBuffer(JsonNode)"/>.</summary>
    /// <exception cref="JsonException">The value is not valid JSON.</exception>
    public static JsonNode? Parse(ReadOnlyMemory<byte> utf8Json) => JsonNode.Parse(utf8Json.Span);

    private static byte[] ReadTypedBuffer(JsonElement element)
    {
        if (!element.TryGetProperty(DataProperty, out var data))
        {
            throw new FormatException("A Baileys buffer object has no 'data'.");
        }

        switch (data.ValueKind)
        {
            case JsonValueKind.String:
                if (!data.TryGetBytesFromBase64(out var decoded))
                {
                    throw new FormatException("A Baileys buffer's 'data' is not valid base64.");
                }

                return decoded;
            case JsonValueKind.Array:
                var bytes = new byte[data.GetArrayLength()];
                var index = 0;
                foreach (var item in data.EnumerateArray())
                {
                    bytes[index++] = ToByte(item);
                }

                return bytes;
            default:
                throw new FormatException($"A Baileys buffer's 'data' is a JSON {data.ValueKind}, neither base64 text nor an array of bytes.");
        }
    }

    // Baileys' reviver: a non-empty object whose keys all parse as integers and whose values are all numbers.
    private static bool TryReadNumericKeyObject(JsonElement element, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        var entries = new List<(uint Index, JsonElement Value)>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number || !TryParseArrayIndex(property.Name, out var index))
            {
                return false;
            }

            entries.Add((index, property.Value));
        }

        if (entries.Count == 0)
        {
            return false;
        }

        entries.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        bytes = new byte[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0 && entries[i].Index == entries[i - 1].Index)
            {
                throw new FormatException("A Baileys numeric-key buffer object repeats a key.");
            }

            bytes[i] = ToByte(entries[i].Value);
        }

        return true;
    }

    private static byte ToByte(JsonElement item)
        => item.ValueKind == JsonValueKind.Number && item.TryGetByte(out var value)
            ? value
            : throw new FormatException($"A Baileys buffer holds a JSON {item.ValueKind} that is not an integer from 0 to 255.");

    /// <summary>A canonical JavaScript array index: "0", or digits without a leading zero, below 2^32 - 1.</summary>
    internal static bool TryParseArrayIndex(string name, out uint index)
    {
        index = 0;
        return name.Length > 0
            && (name.Length == 1 || name[0] != '0')
            && name.All(char.IsAsciiDigit)
            && uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out index)
            && index != uint.MaxValue;
    }

    private static bool TryStep(JsonElement element, string segment, out JsonElement next)
    {
        ArgumentNullException.ThrowIfNull(segment);
        next = default;
        return element.ValueKind switch
        {
            JsonValueKind.Object => element.TryGetProperty(segment, out next),
            JsonValueKind.Array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < element.GetArrayLength()
                => (next = element[i]).ValueKind != JsonValueKind.Undefined,
            _ => false,
        };
    }

    internal static JsonElement ToElement(JsonNode node)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            node.WriteTo(writer);
        }

        using var document = JsonDocument.Parse(output.WrittenMemory);
        return document.RootElement.Clone();
    }
}
