using System.Buffers;
using System.Text;
using Adapters.Compression;

namespace Adapters.Redis.Maps;

/// <summary>
/// Turns keys into hash fields (their serialized bytes) and values into framed bytes, and back; a value that cannot be
/// decoded raises an <see cref="InvalidDataException"/> naming the map and key, and is left in place.
/// </summary>
internal sealed class RedisMapCodec<TKey, TValue>(string mapName, RedisMapOptions<TKey, TValue> options)
    where TKey : notnull
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly ValueFramer _framer = options.Framer;

    public byte[] Field(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var buffer = Buffer();
        options.KeySerializer.Serialize(key, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public byte[] Value(TValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var serialized = Buffer();
        options.ValueSerializer.Serialize(value, serialized);
        return _framer.Encode(serialized.WrittenSpan);
    }

    public TKey Key(byte[] field)
    {
        try
        {
            return options.KeySerializer.Deserialize(field);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw StoredValueErrors.Invalid(mapName, Text(field), ex);
        }
    }

    public TValue Value(byte[] field, byte[] stored)
    {
        try
        {
            return options.ValueSerializer.Deserialize(_framer.Decode(stored));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw StoredValueErrors.Invalid(mapName, Text(field), ex);
        }
    }

    /// <summary>A field as text, for messages (keys are named in errors; values never are).</summary>
    public static string Text(byte[] field) => Encoding.UTF8.GetString(field);

    private static ArrayBufferWriter<byte> Buffer()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        return buffer;
    }
}
