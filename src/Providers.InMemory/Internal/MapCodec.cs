using System.Buffers;
using System.Text;

namespace Adapters.InMemory.Internal;

/// <summary>
/// Turns typed keys and values into the canonical fields and stored bytes of a map and back, wrapping decode
/// failures in an <see cref="InvalidDataException"/> that names the map and key.
/// </summary>
internal sealed class MapCodec<TKey, TValue>(string mapName, ChangeTrackingMapOptions<TKey, TValue> options)
    where TKey : notnull
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public string Field(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var buffer = Buffer();
        options.KeySerializer.Serialize(key, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public byte[] Value(TValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = Buffer();
        options.ValueSerializer.Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public TKey Key(string field)
    {
        try
        {
            return options.KeySerializer.Deserialize(Encoding.UTF8.GetBytes(field));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw StoredValueErrors.Invalid(mapName, field, ex);
        }
    }

    public TValue Value(string field, byte[] stored)
    {
        try
        {
            return options.ValueSerializer.Deserialize(stored);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw StoredValueErrors.Invalid(mapName, field, ex);
        }
    }

    private static ArrayBufferWriter<byte> Buffer()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        return buffer;
    }
}
