using System.Buffers;
using Adapters.Compression.Internal;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Compression;

/// <summary>
/// Compresses the values of any <see cref="IDistributedCache"/> through a <see cref="ValueFramer"/>: values are framed
/// on the way in and unframed on the way out, so a HybridCache's L2 (or any other consumer) gets compression without
/// knowing. Values the inner cache holds that were not framed (written by someone else) read as they are. When the inner
/// cache implements <see cref="IBufferDistributedCache"/> its buffer API is used, otherwise arrays.
/// </summary>
public sealed partial class CompressingDistributedCache : IDistributedCache, IBufferDistributedCache
{
    private readonly IDistributedCache _inner;
    private readonly IBufferDistributedCache? _buffers;
    private readonly ValueFramer _framer;

    /// <summary>Wraps <paramref name="inner"/>, framing values with <paramref name="framer"/>.</summary>
    public CompressingDistributedCache(IDistributedCache inner, ValueFramer framer)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(framer);
        _inner = inner;
        _buffers = inner as IBufferDistributedCache;
        _framer = framer;
    }

    /// <summary>The cache values are stored in, framed.</summary>
    public IDistributedCache Inner => _inner;

    /// <summary>How values are framed and compressed.</summary>
    public ValueFramer Framer => _framer;

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_buffers is null)
        {
            return Unframe(key, _inner.Get(key));
        }

        using var stored = new PooledBufferWriter();
        return _buffers.TryGet(key, stored) ? Unframe(key, stored.WrittenSpan) : null;
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_buffers is null)
        {
            return Unframe(key, await _inner.GetAsync(key, token).ConfigureAwait(false));
        }

        using var stored = new PooledBufferWriter();
        return await _buffers.TryGetAsync(key, stored, token).ConfigureAwait(false) ? Unframe(key, stored.WrittenSpan) : null;
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        Validate(key, value, options);
        using var framed = FramedValue.Create(_framer, new(value));
        if (framed.IsOriginal)
        {
            _inner.Set(key, value, options);
        }
        else if (_buffers is not null)
        {
            _buffers.Set(key, framed.Sequence, options);
        }
        else
        {
            _inner.Set(key, framed.Sequence.ToArray(), options);
        }
    }

    /// <inheritdoc />
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Validate(key, value, options);
        token.ThrowIfCancellationRequested();
        using var framed = FramedValue.Create(_framer, new(value));
        if (framed.IsOriginal)
        {
            await _inner.SetAsync(key, value, options, token).ConfigureAwait(false);
        }
        else if (_buffers is not null)
        {
            await _buffers.SetAsync(key, framed.Sequence, options, token).ConfigureAwait(false);
        }
        else
        {
            await _inner.SetAsync(key, framed.Sequence.ToArray(), options, token).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Refresh(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _inner.Refresh(key);
    }

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _inner.RefreshAsync(key, token);
    }

    /// <inheritdoc />
    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _inner.Remove(key);
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _inner.RemoveAsync(key, token);
    }

    private static void Validate(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
    }

    // An unframed array from the inner cache is already the caller's own copy: it is returned as is.
    private byte[]? Unframe(string key, byte[]? stored)
        => stored is null || !ValueFrame.IsFramed(stored) ? stored : Unframe(key, (ReadOnlySpan<byte>)stored);

    private byte[] Unframe(string key, ReadOnlySpan<byte> stored)
    {
        try
        {
            return _framer.Decode(stored);
        }
        catch (InvalidDataException ex)
        {
            throw Undecodable(key, ex);
        }
    }

    private static InvalidDataException Undecodable(string key, InvalidDataException inner)
        => new($"The cached value of '{key}' cannot be decoded: {inner.Message}", inner);
}
