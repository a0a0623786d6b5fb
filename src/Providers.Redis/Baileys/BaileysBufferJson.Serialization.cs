using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Adapters.Baileys.Internal;

namespace Adapters.Baileys;

public static partial class BaileysBufferJson
{
    /// <summary>
    /// The UTF-8 bytes Baileys writes for a value: <c>JSON.stringify(value, BufferJSON.replacer)</c> of the value as
    /// <c>JSON.parse(text, BufferJSON.reviver)</c> would read it. Every buffer form becomes the base64 form, and the
    /// text follows JavaScript's rules (no whitespace, integer-like keys first in ascending order, numbers and string
    /// escapes as V8 prints them), so serializing a parsed Baileys file gives its bytes back.
    /// </summary>
    /// <exception cref="FormatException">The value holds an invalid buffer.</exception>
    public static byte[] Serialize(JsonNode? value)
        => value is null ? "null"u8.ToArray() : Serialize(ToElement(value));

    /// <summary>The UTF-8 bytes Baileys writes for a value; see <see cref="Serialize(JsonNode)"/>.</summary>
    /// <exception cref="FormatException">The value holds an invalid buffer.</exception>
    public static byte[] Serialize(JsonElement value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Append(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when TryReadBuffer(value, out var bytes):
                text.Append("{\"type\":\"Buffer\",\"data\":\"").Append(Convert.ToBase64String(bytes)).Append("\"}");
                break;
            case JsonValueKind.Object:
                AppendObject(text, value);
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    Append(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                JavaScriptJson.AppendString(text, value.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(JavaScriptJson.FormatNumber(value.TryGetDouble(out var number) ? number : double.PositiveInfinity));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    // JavaScript objects keep a repeated key at its first position with its last value, and list integer-like keys first.
    private static void AppendObject(StringBuilder text, JsonElement value)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var properties = new List<(string Name, JsonElement Value)>();
        foreach (var property in value.EnumerateObject())
        {
            if (positions.TryGetValue(property.Name, out var position))
            {
                properties[position] = (property.Name, property.Value);
            }
            else
            {
                positions[property.Name] = properties.Count;
                properties.Add((property.Name, property.Value));
            }
        }

        var ordered = properties
            .Select((property, position) => (property, position, isIndex: TryParseArrayIndex(property.Name, out var index), index))
            .OrderBy(entry => entry.isIndex ? 0 : 1)
            .ThenBy(entry => entry.isIndex ? entry.index : 0)
            .ThenBy(entry => entry.position);

        text.Append('{');
        var first = true;
        foreach (var (property, _, _, _) in ordered)
        {
            text.Append(first ? "" : ",");
            first = false;
            JavaScriptJson.AppendString(text, property.Name);
            text.Append(':');
            Append(text, property.Value);
        }

        text.Append('}');
    }
}
