using System.Buffers;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out exactly the size asked for (one byte when asked for none), in a fresh
/// array each time, so a writer that writes past its request or assumes contiguous space fails loudly.
/// </summary>
internal sealed class ChunkedBufferWriter : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _chunk = [];

    public int Chunks { get; private set; }

    public byte[] WrittenBytes => [.. _written];

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _chunk.Length);
        _written.AddRange(_chunk.AsSpan(0, count));
        _chunk = [];
        Chunks++;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _chunk = new byte[Math.Max(sizeHint, 1)];

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
