using System.Buffers;
using Adapters.Redis.Connection;

namespace Adapters.Redis.Caching;

/// <summary>
/// A cached value read into a rented array, for the buffer API: the reader thread copies the reply once, and the
/// caller copies it into its own writer, off the reader thread (a writer that throws must not break the connection).
/// </summary>
internal readonly struct PooledValue
{
    private readonly byte[]? _array;
    private readonly int _length;

    private PooledValue(byte[] array, int length)
    {
        _array = array;
        _length = length;
    }

    /// <summary>Reads a bulk reply; nil gives a value with <see cref="Exists"/> false.</summary>
    public static readonly ReplyParser<PooledValue> Parser = static (ref Protocol.RespReader reader) =>
    {
        if (reader.IsNull)
        {
            return default;
        }

        var payload = reader.Payload;
        var length = checked((int)payload.Length);
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        payload.CopyTo(array);
        return new PooledValue(array, length);
    };

    public bool Exists => _array is not null;

    /// <summary>Writes the value to <paramref name="destination"/> and returns the array to the pool.</summary>
    public void CopyToAndReturn(IBufferWriter<byte> destination)
    {
        if (_array is null)
        {
            return;
        }

        try
        {
            destination.Write(_array.AsSpan(0, _length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
