using System.Runtime.CompilerServices;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;

namespace Adapters.Redis.Caching;

/// <summary>
/// The cache with Lua where it saves a round trip: a Get that slides an expiration is one script (atomic), or a
/// MULTI/EXEC block of HMGET and PEXPIRE when the entry's window is known and nothing caps it; a Get of an entry without
/// sliding expiration a native HMGET (Lua would cost the server several times more); a Set one MULTI/EXEC block.
/// <see cref="ReadHints"/> picks the read path per key; every path gives the same result.
/// </summary>
internal sealed class ScriptCacheCommands : ICacheCommands
{
    private static readonly RedisCommand HMGet = RedisCommand.Of("HMGET");
    private static readonly RedisCommand HGet = RedisCommand.Of("HGET");

    private readonly ReadHints _hints = new();
    private bool _knownSlidingRefused;

    public ValueTask<CacheRead<T>> ReadAsync<T>(IRedisExecutor redis, string key, ReplyParser<T> data, CancellationToken cancellationToken)
    {
        switch (_hints.Guess(key, out var window))
        {
            case ReadPath.Plain:
                // The command's own task: no state machine between the reply and the caller.
                return redis.ExecuteAsync(HMGet, [key, CacheEntryLayout.SlidingField, CacheEntryLayout.DataField], CacheReplies<T>.Plain(data), cancellationToken, keyIndex: 0);
            case ReadPath.SlidingKnown when !Volatile.Read(ref _knownSlidingRefused):
                return KnownSlidingAsync(redis, key, window, data, cancellationToken);
            case ReadPath.SlidingLarge:
                return LargeReadAsync(redis, key, data, cancellationToken);
            default:
                return redis.EvaluateAsync(CacheScripts.Get, [key], [], CacheReplies<T>.Scripted(data), cancellationToken);
        }
    }

    public ValueTask<T> FinishReadAsync<T>(IRedisExecutor redis, string key, CacheRead<T> read, CancellationToken cancellationToken)
    {
        if (read.Error is { } error)
        {
            // What Redis answered a command of a known-window block with (WRONGTYPE: the key holds another type).
            throw error.StartsWith("PEXPIRE ", StringComparison.Ordinal)
                ? RedisServerException.FromReply("PEXPIRE", key, error["PEXPIRE ".Length..])
                : RedisServerException.FromReply("HMGET", key, error);
        }

        if (!read.Exists)
        {
            return new(read.Data);
        }

        _hints.Learn(key, read.Slides, read.Sliding, read.Absolute != CacheEntryLayout.NotPresent, read.Length);
        if (read.Path != ReadPath.SlidingLarge)
        {
            _hints.Vote(read.Slides);
        }

        // A known-window read whose guess was wrong set a TTL the entry does not call for: set the right one now. A
        // plain read that found a sliding expiration (the entry was rewritten elsewhere) slides it now. Both atomically.
        return read.Path == ReadPath.SlidingKnown && !read.SlideDone ? AfterReadAsync(redis, key, CacheScripts.Repair, read.Data, cancellationToken)
            : read.Slides && !read.SlideDone ? AfterReadAsync(redis, key, CacheScripts.Refresh, read.Data, cancellationToken)
            : new(read.Data);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RefreshAsync(IRedisExecutor redis, string key, CancellationToken cancellationToken)
        => await redis.EvaluateAsync(CacheScripts.Refresh, [key], [], Replies.Ignore, cancellationToken).ConfigureAwait(false);

    public ValueTask<(int Index, string? Error)> SetAsync(IRedisExecutor redis, string key, ReadOnlyMemory<byte> value, CacheExpiration expiration, CancellationToken cancellationToken)
    {
        // Learned before the reply: a write Redis refuses leaves at worst a guess that costs one more round trip.
        _hints.Learn(key, expiration.SlidingTicks > 0, expiration.SlidingTicks, expiration.AbsoluteTicks != CacheEntryLayout.NotPresent, value.Length);
        return CacheWrite.SendAsync(redis, key, value, expiration, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<T> AfterReadAsync<T>(IRedisExecutor redis, string key, RedisScript script, T data, CancellationToken cancellationToken)
    {
        var outcome = await redis.EvaluateAsync(script, [key], [], Replies.Integer, cancellationToken).ConfigureAwait(false);
        return outcome == CacheReplies.Expired ? default! : data;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<CacheRead<T>> KnownSlidingAsync<T>(IRedisExecutor redis, string key, long window, ReplyParser<T> data, CancellationToken cancellationToken)
    {
        CacheRead<T> read;
        try
        {
            read = await KnownSlidingRead.SendAsync(redis, key, window, data, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException error) when (error.ErrorCode == "EXECABORT")
        {
            // Redis before 7.0 refuses PEXPIRE's XX as the block is queued, so nothing of it ran: read such a server
            // with the script from now on (a server that refuses PEXPIRE itself then says so from the script).
            Volatile.Write(ref _knownSlidingRefused, true);
            return await redis.EvaluateAsync(CacheScripts.Get, [key], [], CacheReplies<T>.Scripted(data), cancellationToken).ConfigureAwait(false);
        }

        // The TTL set is right when the entry slides by that very window and has no absolute expiration.
        return read with { SlideDone = read.Error is null && read.Sliding == window && read.Absolute == CacheEntryLayout.NotPresent };
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
