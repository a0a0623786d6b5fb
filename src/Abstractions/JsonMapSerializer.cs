using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Adapters;

/// <summary>The default <see cref="IMapSerializer{T}"/>: UTF-8 JSON through System.Text.Json.</summary>
/// <remarks>Pass a source-generated <see cref="JsonTypeInfo{T}"/> for trimming and speed.</remarks>
/// <typeparam name="T">The type serialized.</typeparam>
public sealed class JsonMapSerializer<T> : IMapSerializer<T>
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonTypeInfo<T> _typeInfo;

    /// <summary>Serializes with <see cref="JsonSerializerOptions.Default"/> (reflection-based metadata).</summary>
    public JsonMapSerializer()
        : this(JsonSerializerOptions.Default)
    {
    }

    /// <summary>Serializes with the given options.</summary>
    public JsonMapSerializer(JsonSerializerOptions options)
        : this((JsonTypeInfo<T>)(options ?? throw new ArgumentNullException(nameof(options))).GetTypeInfo(typeof(T)))
    {
    }

    /// <summary>Serializes with the given (typically source-generated) type metadata.</summary>
    public JsonMapSerializer(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        typeInfo.MakeReadOnly();
        _typeInfo = typeInfo;
    }

    /// <summary>A shared instance using <see cref="JsonSerializerOptions.Default"/>.</summary>
    public static JsonMapSerializer<T> Default { get; } = new();

    /// <inheritdoc />
    public void Serialize(T value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);

        // One writer per thread, reset onto each destination: saves an allocation per call on hot paths.
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(destination);
        }
        else
        {
            writer.Reset(destination);
        }

        try
        {
            JsonSerializer.Serialize(writer, value, _typeInfo);
        }
        finally
        {
            writer.Reset();
        }
    }

    /// <inheritdoc />
    public T Deserialize(ReadOnlySpan<byte> source)
        => JsonSerializer.Deserialize(source, _typeInfo) ?? throw new JsonException($"The JSON value 'null' is not a valid {typeof(T).Name}.");
}
