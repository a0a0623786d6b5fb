using System.Buffers;
using Adapters.Compression.Internal;
using Adapters.Hybrid.Internal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;

namespace Adapters.Hybrid;

/// <summary>Writes: storing values in both levels, removals, tag invalidation.</summary>
public sealed partial class AdaptersHybridCache
{
    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException">A tag is unusable (null, empty, whitespace, <c>*</c>).</exception>
    public override async ValueTask SetAsync<T>(string key, T value, HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        if (KeyRules.KeyProblem(key, _options.MaximumKeyLength) is { } problem)
        {
            HybridCacheLog.InvalidKey(_logger, problem);
            return;
        }

        var entryTags = KeyRules.EntryTags(tags, nameof(tags));
        await EnsureSubscribedAsync(cancellationToken).ConfigureAwait(false);
        _invalidations.Tick(key);
        await StoreAsync(key, value, FlagsOf(options), options, entryTags, _invalidations.Snapshot(key), cancellationToken).ConfigureAwait(false);
        await PublishAsync(HybridCacheInvalidation.ForKey(InstanceId, key), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public override async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        if (KeyRules.KeyProblem(key, _options.MaximumKeyLength) is not null)
        {
            return;
        }

        _invalidations.Tick(key);
        _local.Remove(key);
        if (_distributed is not null)
        {
            try
            {
                await _distributed.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                HybridCacheLog.L2RemoveFailed(_logger, key, ex);
            }
        }

        await PublishAsync(HybridCacheInvalidation.ForKey(InstanceId, key), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> or one of them is null.</exception>
    public override async ValueTask RemoveAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys.ToArray())
        {
            await RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="tag"/> is null, empty, whitespace or has control characters.</exception>
    public override async ValueTask RemoveByTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        KeyRules.ValidateTag(tag, nameof(tag));
        ThrowIfDisposed();
        var at = await _tags.InvalidateAsync(tag, cancellationToken).ConfigureAwait(false);
        if (tag == KeyRules.Wildcard)
        {
            _local.Clear();
        }

        await PublishAsync(HybridCacheInvalidation.ForTag(InstanceId, tag, new DateTimeOffset(at, TimeSpan.Zero)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A tag is null, empty, whitespace or has control characters (none is removed then).</exception>
    public override async ValueTask RemoveByTagAsync(IEnumerable<string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var all = tags.ToArray();
        foreach (var tag in all)
        {
            KeyRules.ValidateTag(tag, nameof(tags));
        }

        foreach (var tag in all)
        {
            await RemoveByTagAsync(tag, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Serializes <paramref name="value"/> and writes it to L2 and L1 as the flags allow; returns the entry callers read.</summary>
    private async Task<LocalEntry> StoreAsync<T>(string key, T value, HybridCacheEntryFlags flags, HybridCacheEntryOptions? options, string[] tags, long seen, CancellationToken token)
    {
        var now = Now;
        var expiration = ExpirationOf(options);
        if (tags.Length > 0 && expiration > _options.TagRetention)
        {
            expiration = _options.TagRetention;
        }

        var local = LocalExpirationOf(options);
        var immutable = TypeTraits<T>.IsImmutable;
        var writeDistributed = _distributed is not null && (flags & HybridCacheEntryFlags.DisableDistributedCacheWrite) == 0;
        byte[]? copy = null;
        long size = 1;

        // Serialized when a copy, L2 or an L1 size limit (which counts serialized bytes) needs it.
        if (!immutable || writeDistributed || _options.LocalCacheSizeLimit is not null)
        {
            using var serialized = new PooledBufferWriter(1024);
            _serializers.Get<T>().Serialize(value, serialized);
            size = serialized.WrittenSpan.Length;
            copy = immutable ? null : serialized.WrittenSpan.ToArray();
            if (writeDistributed)
            {
                await WriteDistributedAsync(key, serialized.WrittenMemory, new PayloadHeader(now, now + expiration.Ticks, tags), flags, expiration, token).ConfigureAwait(false);
            }
        }

        var entry = new LocalEntry(typeof(T), immutable ? value : null, copy, size, now, now, now + (local < expiration ? local : expiration).Ticks, tags);
        if ((flags & HybridCacheEntryFlags.DisableLocalCacheWrite) == 0)
        {
            StoreLocally(key, entry, seen, now);
        }

        return entry;
    }

    private async Task WriteDistributedAsync(string key, ReadOnlyMemory<byte> value, PayloadHeader header, HybridCacheEntryFlags flags, TimeSpan expiration, CancellationToken token)
    {
        if (value.Length > _options.MaximumPayloadBytes)
        {
            HybridCacheLog.PayloadTooLarge(_logger, key, value.Length, _options.MaximumPayloadBytes);
            return;
        }

        using var framed = new PooledBufferWriter(value.Length + 16);
        if ((flags & HybridCacheEntryFlags.DisableCompression) != 0)
        {
            Compression.ValueFramer.Uncompressed.Encode(value.Span, framed);
        }
        else
        {
            _framer.Encode(value.Span, framed);
        }

        using var payload = new PooledBufferWriter(framed.WrittenSpan.Length + key.Length + 64);
        HybridPayload.Write(payload, key, header, framed.WrittenSpan);
        var entryOptions = new DistributedCacheEntryOptions
        {
            // With fail-safe the payload outlives its freshness, so an expired value can still answer a failing factory.
            AbsoluteExpirationRelativeToNow = _options.FailSafe ? expiration + _options.FailSafeMaxDuration : expiration,
        };
        try
        {
            if (_bufferDistributed is not null)
            {
                await _bufferDistributed.SetAsync(key, new ReadOnlySequence<byte>(payload.WrittenMemory), entryOptions, token).ConfigureAwait(false);
            }
            else
            {
                await _distributed!.SetAsync(key, payload.WrittenSpan.ToArray(), entryOptions, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            HybridCacheLog.L2WriteFailed(_logger, key, ex);
        }
    }

    /// <summary>Puts <paramref name="entry"/> in L1 unless the key was invalidated since <paramref name="seen"/> (its value may be older than the news).</summary>
    private void StoreLocally(string key, LocalEntry entry, long seen, long now)
    {
        if (!CanCacheLocally || _invalidations.Snapshot(key) != seen)
        {
            return;
        }

        var keepFor = TimeSpan.FromTicks(entry.ExpiresTicks - now) + (_options.FailSafe ? _options.FailSafeMaxDuration : TimeSpan.Zero);
        _local.Set(key, entry, keepFor);
    }
}
