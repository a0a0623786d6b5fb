using System.Buffers;

namespace Adapters;

/// <summary>Turns map keys or values into bytes and back. Implementations must be thread-safe.</summary>
/// <typeparam name="T">The type serialized.</typeparam>
public interface IMapSerializer<T>
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    void Serialize(T value, IBufferWriter<byte> destination);

    /// <summary>Reads a value written by <see cref="Serialize"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">The bytes are not a valid value (or another serializer's exception).</exception>
    T Deserialize(ReadOnlySpan<byte> source);
}
