using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Hybrid;

namespace Adapters.Hybrid.Internal;

/// <summary>UTF-8 strings, as they are.</summary>
internal sealed class StringSerializer : IHybridCacheSerializer<string>
{
    public static readonly StringSerializer Instance = new();

    public string Deserialize(ReadOnlySequence<byte> source) => Encoding.UTF8.GetString(source);

    public void Serialize(string value, IBufferWriter<byte> target) => Encoding.UTF8.GetBytes(value, target);
}

/// <summary>Byte arrays, as they are.</summary>
internal sealed class ByteArraySerializer : IHybridCacheSerializer<byte[]>
{
    public static readonly ByteArraySerializer Instance = new();

    public byte[] Deserialize(ReadOnlySequence<byte> source) => source.ToArray();

    public void Serialize(byte[] value, IBufferWriter<byte> target) => target.Write(value);
}

/// <summary>System.Text.Json with its default options: the serializer of every type nothing else claims.</summary>
internal sealed class JsonSerializerFactory : IHybridCacheSerializerFactory
{
    public static readonly JsonSerializerFactory Instance = new();

    public bool TryCreateSerializer<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IHybridCacheSerializer<T>? serializer)
    {
        serializer = new Json<T>();
        return true;
    }

    private sealed class Json<T> : IHybridCacheSerializer<T>
    {
        public T Deserialize(ReadOnlySequence<byte> source)
        {
            var reader = new Utf8JsonReader(source);
            return JsonSerializer.Deserialize<T>(ref reader)!;
        }

        public void Serialize(T value, IBufferWriter<byte> target)
        {
            using var writer = new Utf8JsonWriter(target);
            JsonSerializer.Serialize(writer, value);
        }
    }
}
