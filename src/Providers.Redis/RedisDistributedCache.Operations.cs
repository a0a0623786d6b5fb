using System.Buffers;
using System.Runtime.CompilerServices;
using Adapters.Redis.Caching;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Redis;

/// <summary>The operations: each async one is a single round trip with scripts; sync ones wait without deadlocking.</summary>
public sealed partial class RedisDistributedCache
{
    private static readonly RedisCommand Unlink = RedisCommand.Of("UNLINK");

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SynchronousCall.Run((Cache: this, Key: key), static s => s.Cache.GetCoreAsync(s.Key, Replies.Bulk, CancellationToken.None));
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return GetTaskAsync(key, token);
    }

    /// <inheritdoc />
    public bool TryGet(string key, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(destination);
        return SynchronousCall.Run((Cache: this, Key: key, Destination: destination), static s => s.Cache.TryGetCoreAsync(s.Key, s.Destination, CancellationToken.None));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(destination);
        return TryGetCoreAsync(key, destination, token);
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        Validate(key, value, options);
        SynchronousCall.Run((Cache: this, Key: key, Value: value, Options: options), static s => s.Cache.SetCoreAsync(s.Key, s.Value, s.Options, CancellationToken.None));
    }

    /// <inheritdoc />
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Validate(key, value, options);
        return SetTaskAsync(key, value, options, token);
    }

    /// <inheritdoc />
    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        SynchronousCall.Run((Cache: this, Key: key, Value: value, Options: options), static s => s.Cache.SetSequenceAsync(s.Key, s.Value, s.Options, CancellationToken.None));
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        return SetSequenceAsync(key, value, options, token);
    }

    /// <inheritdoc />
    public void Refresh(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        SynchronousCall.Run((Cache: this, Key: key), static s => s.Cache.RefreshCoreAsync(s.Key, CancellationToken.None));
    }

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RefreshCoreAsync(key, token).AsTask();
    }

    /// <inheritdoc />
    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        SynchronousCall.Run((Cache: this, Key: key), static s => s.Cache.RemoveCoreAsync(s.Key, CancellationToken.None));
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RemoveCoreAsync(key, token).AsTask();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<T> GetCoreAsync<T>(string key, Connection.ReplyParser<T> data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var redis = await ExecutorAsync(cancellationToken).ConfigureAwait(false);
        var redisKey = RedisKey(key);
        try
        {
            var read = await _commands.ReadAsync(redis, redisKey, data, cancellationToken).ConfigureAwait(false);
            return await _commands.FinishReadAsync(redis, redisKey, read, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException error)
        {
            throw CacheErrors.Refused("Get", redisKey, error, _options.UseScripts);
        }
    }

    // GetCoreAsync for arrays, as the Task the interface returns: one state machine between the reply and the caller.
    private async Task<byte[]?> GetTaskAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var redis = await ExecutorAsync(cancellationToken).ConfigureAwait(false);
        var redisKey = RedisKey(key);
        try
        {
            var read = await _commands.ReadAsync(redis, redisKey, Replies.Bulk, cancellationToken).ConfigureAwait(false);
            return await _commands.FinishReadAsync(redis, redisKey, read, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException error)
        {
            throw CacheErrors.Refused("Get", redisKey, error, _options.UseScripts);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask SetCoreAsync(string key, ReadOnlyMemory<byte> value, DistributedCacheEntryOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var expiration = CacheExpiration.From(options, _time.GetUtcNow());
        var redis = await ExecutorAsync(cancellationToken).ConfigureAwait(false);
        await SetCoreAsync(redis, key, value, expiration, cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask SetCoreAsync(IRedisExecutor redis, string key, ReadOnlyMemory<byte> value, CacheExpiration expiration, CancellationToken cancellationToken)
    {
        var redisKey = RedisKey(key);
        try
        {
            CacheWrite.ThrowIfRefused(await _commands.SetAsync(redis, redisKey, value, expiration, cancellationToken).ConfigureAwait(false), redisKey, expiration);
        }
        catch (RedisServerException error)
        {
            throw CacheErrors.Refused("Set", redisKey, error, _options.UseScripts);
        }
    }

    // SetCoreAsync as the Task the interface returns: one state machine between the reply and the caller.
    private async Task SetTaskAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var expiration = CacheExpiration.From(options, _time.GetUtcNow());
        var redis = await ExecutorAsync(cancellationToken).ConfigureAwait(false);
        var redisKey = RedisKey(key);
        try
        {
            CacheWrite.ThrowIfRefused(await _commands.SetAsync(redis, redisKey, value, expiration, cancellationToken).ConfigureAwait(false), redisKey, expiration);
        }
        catch (RedisServerException error)
        {
            throw CacheErrors.Refused("Set", redisKey, error, _options.UseScripts);
        }
    }

    private static void Validate(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
    }

    private async ValueTask<bool> TryGetCoreAsync(string key, IBufferWriter<byte> destination, CancellationToken cancellationToken)
    {
        var value = await GetCoreAsync(key, PooledValue.Parser, cancellationToken).ConfigureAwait(false);
        if (!value.Exists)
        {
            return false;
        }

        value.CopyToAndReturn(destination);
        return true;
    }

    // A command argument is one block of memory: a sequence of several segments is joined in a rented array first.
    private async ValueTask SetSequenceAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken cancellationToken)
    {
        if (value.IsSingleSegment)
        {
            await SetCoreAsync(key, value.First, options, cancellationToken).ConfigureAwait(false);
            return;
        }

        var length = checked((int)value.Length);
        var joined = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            value.CopyTo(joined);
            await SetCoreAsync(key, joined.AsMemory(0, length), options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    private async ValueTask RefreshCoreAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var redis = await ExecutorAsync(cancellationToken).ConfigureAwait(false);
        var redisKey = RedisKey(key);
        try
        {
            await _commands.RefreshAsync(redis, redisKey, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException error)
        {
            throw CacheErrors.Refused("Refresh", redisKey, error, _options.UseScripts);
        }
    }

    // UNLINK rather than Microsoft's DEL: a large value is freed in the background instead of blocking the server.
    private async ValueTask RemoveCoreAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var redis = await ExecutorAsync(cancellationToken).ConfigureAwait(false);
        var redisKey = RedisKey(key);
        try
        {
            await redis.ExecuteAsync(Unlink, [redisKey], Replies.Integer, cancellationToken, keyIndex: 0).ConfigureAwait(false);
        }
        catch (RedisServerException error)
        {
            throw CacheErrors.Refused("Remove", redisKey, error, _options.UseScripts);
        }
    }
}
