using System.Buffers;
using System.Text.Json;
using Adapters.Redis.Connection;

namespace Adapters.Redis.Auth;

/// <summary>
/// The wire format of <see cref="RedisAuthInvalidationBus"/> messages (channel <c>adapters:auth:v1:invalidate</c>), JSON so
/// any language can publish them:
/// <c>{"o":origin,"s":session,"c":true,"a":true,"k":{"type":["id",…]}}</c>, where a missing <c>s</c> means every session
/// and <c>c</c>, <c>a</c>, <c>k</c> (credentials, all keys, some keys) are optional; or a bus's resynchronization marker
/// <c>{"m":marker}</c>.
/// </summary>
internal sealed class RedisAuthInvalidationCodec : IChannelCodec<AuthStateInvalidation>
{
    private RedisAuthInvalidationCodec()
    {
    }

    public static AuthStateInvalidation Everything() => AuthStateInvalidation.Everything(null);

    public static byte[] Encode(AuthStateInvalidation invalidation)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (invalidation.Origin is { } origin)
            {
                json.WriteString("o", origin);
            }

            if (invalidation.SessionId is { } session)
            {
                json.WriteString("s", session);
                WriteFlag(json, "c", invalidation.Credentials);
                WriteFlag(json, "a", invalidation.AllKeys);
                if (invalidation.Keys.Count > 0 && !invalidation.AllKeys)
                {
                    json.WriteStartObject("k");
                    foreach (var (type, ids) in invalidation.Keys)
                    {
                        json.WriteStartArray(type);
                        foreach (var id in ids)
                        {
                            json.WriteStringValue(id);
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndObject();
                }
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeMarker(string marker)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("m", marker);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a message: an invalidation, or a marker (exactly one of the two is set).</summary>
    /// <exception cref="InvalidDataException">The payload is not a message of this format.</exception>
    public static (AuthStateInvalidation? Invalidation, string? Marker) Decode(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("An invalidation message must be a JSON object.");
            }

            if (root.TryGetProperty("m", out var marker))
            {
                return (null, marker.GetString() ?? throw new InvalidDataException("The marker is null."));
            }

            var origin = root.TryGetProperty("o", out var o) ? o.GetString() : null;
            if (!root.TryGetProperty("s", out var s))
            {
                return (AuthStateInvalidation.Everything(origin), null);
            }

            var session = s.GetString() ?? throw new InvalidDataException("The session id is null.");
            var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (root.TryGetProperty("k", out var k))
            {
                foreach (var type in k.EnumerateObject())
                {
                    keys[type.Name] = [.. type.Value.EnumerateArray().Select(id => id.GetString() ?? throw new InvalidDataException("A key id is null."))];
                }
            }

            return (AuthStateInvalidation.Create(origin, session, Flag(root, "c"), Flag(root, "a"), keys), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"The invalidation message cannot be decoded: {ex.Message}", ex);
        }
    }

    private static void WriteFlag(Utf8JsonWriter json, string name, bool value)
    {
        if (value)
        {
            json.WriteBoolean(name, true);
        }
    }

    private static bool Flag(JsonElement root, string name) => root.TryGetProperty(name, out var value) && value.GetBoolean();
}
