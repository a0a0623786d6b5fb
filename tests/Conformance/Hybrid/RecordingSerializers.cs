using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Hybrid;

namespace Adapters.Conformance.Hybrid;

/// <summary>A JSON serializer that prefixes its output with its name and counts its uses, to show which serializer ran.</summary>
/// <typeparam name="T">The type serialized.</typeparam>
/// <param name="name">The marker written before the JSON.</param>
public sealed class MarkedSerializer<T>(string name) : IHybridCacheSerializer<T>
{
    private readonly byte[] _marker = Encoding.UTF8.GetBytes(name + ":");
    private int _serialized;

    /// <summary>How many values were serialized.</summary>
    public int Serialized => Volatile.Read(ref _serialized);

    /// <inheritdoc />
    public T Deserialize(ReadOnlySequence<byte> source)
    {
        var bytes = source.ToArray();
        if (!bytes.AsSpan().StartsWith(_marker))
        {
            throw new InvalidDataException($"The payload was not written by the serializer {Encoding.UTF8.GetString(_marker)}");
        }

        return JsonSerializer.Deserialize<T>(bytes.AsSpan(_marker.Length))!;
    }

    /// <inheritdoc />
    public void Serialize(T value, IBufferWriter<byte> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Interlocked.Increment(ref _serialized);
        target.Write(_marker);
        target.Write(JsonSerializer.SerializeToUtf8Bytes(value));
    }
}

/// <summary>A serializer factory that hands out <see cref="MarkedSerializer{T}"/>s for the types it claims and counts them.</summary>
/// <param name="name">The marker its serializers write.</param>
/// <param name="claims">Which types it serializes (every type when null).</param>
public sealed class MarkedSerializerFactory(string name, Func<Type, bool>? claims = null) : IHybridCacheSerializerFactory
{
    private int _created;

    /// <summary>The marker its serializers write.</summary>
    public string Name { get; } = name;

    /// <summary>How many serializers it created.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <inheritdoc />
    public bool TryCreateSerializer<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IHybridCacheSerializer<T>? serializer)
    {
        if (claims is not null && !claims(typeof(T)))
        {
            serializer = null;
            return false;
        }

        Interlocked.Increment(ref _created);
        serializer = new MarkedSerializer<T>(Name);
        return true;
    }
}
