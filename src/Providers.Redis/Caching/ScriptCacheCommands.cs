using System.Runtime.CompilerServices;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;

namespace Adapters.Redis.Caching;

/// <summary>
/// The cache with Lua where it saves a round trip: a Get that slides an expiration is one script (atomic), a Get of an
/// entry without sliding expiration a native HMGET (Lua would cost the server several times more), a Set one
/// MULTI/EXEC block. <see cref="ReadHints"/> picks the read path per key; every path gives the same result.
/// </summary>
internal sealed class ScriptCacheCommands : ICacheCommands
{
    private static readonly RedisCommand HMGet = RedisCommand.Of("HMGET");
    private static readonly RedisCommand HGet = RedisCommand.Of("HGET");

    private readonly ReadHints _hints = new();

    public ValueTask<CacheRead<T>> ReadAsync<T>(IRedisExecutor redis, string key, ReplyParser<T> data, CancellationToken cancellationToken)
        => _hints.Guess(key) switch
        {
            // The command's own task: no state machine between the reply and the caller.
            ReadPath.Plain => redis.ExecuteAsync(HMGet, [key, CacheEntryLayout.SlidingField, CacheEntryLayout.DataField], CacheReplies<T>.Plain(data), cancellationToken, keyIndex: 0),
            ReadPath.Sliding => redis.EvaluateAsync(CacheScripts.Get, [key], [], CacheReplies<T>.Scripted(data), cancellationToken),
            _ => LargeReadAsync(redis, key, data, cancellationToken),
        };

    public ValueTask<T> FinishReadAsync<T>(IRedisExecutor redis, string key, CacheRead<T> read, CancellationToken cancellationToken)
    {
        if (read.Exists)
        {
            _hints.Learn(key, read.Slides, read.Length);
            if (read.Path != ReadPath.SlidingLarge)
            {
                _hints.Vote(read.Slides);
            }
        }

        // A plain read that found a sliding expiration (the entry was rewritten elsewhere): slide it now, atomically.
        return read.Exists && read.Slides && !read.SlideDone ? SlideAfterReadAsync(redis, key, read.Data, cancellationToken) : new(read.Data);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RefreshAsync(IRedisExecutor redis, string key, CancellationToken cancellationToken)
        => await redis.EvaluateAsync(CacheScripts.Refresh, [key], [], Replies.Ignore, cancellationToken).ConfigureAwait(false);

    public ValueTask<(int Index, string? Error)> SetAsync(IRedisExecutor redis, string key, ReadOnlyMemory<byte> value, CacheExpiration expiration, CancellationToken cancellationToken)
    {
        // Learned before the reply: a write Redis refuses leaves at worst a guess that costs one more round trip.
        _hints.Learn(key, expiration.SlidingTicks > 0, value.Length);
        return CacheWrite.SendAsync(redis, key, value, expiration, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<T> SlideAfterReadAsync<T>(IRedisExecutor redis, string key, T data, CancellationToken cancellationToken)
    {
        var outcome = await redis.EvaluateAsync(CacheScripts.Refresh, [key], [], Replies.Integer, cancellationToken).ConfigureAwait(false);
        return outcome == CacheReplies.Expired ? default! : data;
    }

    // The slide and the read leave together (one round trip); a Set landing between them is read whole, with the TTL
    // it set itself, and an entry the script found expired is gone before the HGET.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<CacheRead<T>> LargeReadAsync<T>(IRedisExecutor redis, string key, ReplyParser<T> data, CancellationToken cancellationToken)
    {
        var slide = redis.EvaluateAsync(CacheScripts.Refresh, [key], [], Replies.Integer, cancellationToken);
        var read = redis.ExecuteAsync(HGet, [key, CacheEntryLayout.DataField], CacheReplies<T>.Value(data), cancellationToken, keyIndex: 0);
        long outcome;
        (int Length, T Data) value;
        try
        {
            outcome = await slide.ConfigureAwait(false);
        }
        finally
        {
            // Awaited on every path, so its reply is consumed even when the slide failed (whose error then propagates).
            value = await read.ConfigureAwait(false);
        }

        return outcome == CacheReplies.Expired
            ? new CacheRead<T>(default!, false, ReadPath.SlidingLarge, true, true, CacheEntryLayout.NotPresent, CacheEntryLayout.NotPresent, 0)
            : new CacheRead<T>(value.Data, value.Length >= 0, ReadPath.SlidingLarge, outcome == CacheReplies.Slid, true, CacheEntryLayout.NotPresent, CacheEntryLayout.NotPresent, Math.Max(0, value.Length));
    }
}
