using System.Buffers;

namespace Adapters.Cli.Bench;

/// <summary>Stores byte arrays as they are, so a benchmark compares server work rather than JSON encoding.</summary>
internal sealed class RawBytesSerializer : IMapSerializer<byte[]>
{
    public static readonly RawBytesSerializer Instance = new();

    public void Serialize(byte[] value, IBufferWriter<byte> destination) => destination.Write(value);

    public byte[] Deserialize(ReadOnlySpan<byte> source) => source.ToArray();
}
