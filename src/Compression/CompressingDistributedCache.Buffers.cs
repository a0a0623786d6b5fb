using System.Buffers;
using Adapters.Compression.Internal;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Compression;

public sealed partial class CompressingDistributedCache
{
    /// <inheritdoc />
    public bool TryGet(string key, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(destination);
        if (_buffers is null)
        {
            return _inner.Get(key) is { } array && Unframe(key, array, destination);
        }

        using var stored = new PooledBufferWriter();
        return _buffers.TryGet(key, stored) && Unframe(key, stored.WrittenSpan, destination);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(destination);
        if (_buffers is null)
        {
            return await _inner.GetAsync(key, token).ConfigureAwait(false) is { } array && Unframe(key, array, destination);
        }

        using var stored = new PooledBufferWriter();
        return await _buffers.TryGetAsync(key, stored, token).ConfigureAwait(false) && Unframe(key, stored.WrittenSpan, destination);
    }

    /// <inheritdoc />
    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        using var framed = FramedValue.Create(_framer, value);
        if (_buffers is not null)
        {
            _buffers.Set(key, framed.Sequence, options);
        }
        else
        {
            _inner.Set(key, framed.Sequence.ToArray(), options);
        }
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        token.ThrowIfCancellationRequested();
        using var framed = FramedValue.Create(_framer, value);
        if (_buffers is not null)
        {
            await _buffers.SetAsync(key, framed.Sequence, options, token).ConfigureAwait(false);
        }
        else
        {
            await _inner.SetAsync(key, framed.Sequence.ToArray(), options, token).ConfigureAwait(false);
        }
    }

    // Always true: it reads as a condition after a hit.
    private bool Unframe(string key, ReadOnlySpan<byte> stored, IBufferWriter<byte> destination)
    {
        try
        {
            _framer.Decode(stored, destination);
            return true;
        }
        catch (InvalidDataException ex)
        {
            throw Undecodable(key, ex);
        }
    }
}
