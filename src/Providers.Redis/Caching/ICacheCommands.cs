using Adapters.Redis.Connection;

namespace Adapters.Redis.Caching;

/// <summary>
/// How the cache's operations reach Redis: Lua scripts where they save a round trip, or, for servers where EVAL is
/// disabled, plain commands only. Keys are full Redis keys (instance name included).
/// <para>
/// A read has two steps so the common case costs no more than awaiting one command: <see cref="ReadAsync{T}"/> sends
/// the read (its task is the command's own), and <see cref="FinishReadAsync{T}"/> returns the data, at once unless the
/// entry needs a slide the read could not do.
/// </para>
/// </summary>
internal interface ICacheCommands
{
    /// <summary>Sends the read of an entry; <paramref name="data"/> parses the value (mapping nil to its default).</summary>
    ValueTask<CacheRead<T>> ReadAsync<T>(IRedisExecutor redis, string key, ReplyParser<T> data, CancellationToken cancellationToken);

    /// <summary>The entry's data (default when absent or expired), after sliding its expiration if the read did not.</summary>
    ValueTask<T> FinishReadAsync<T>(IRedisExecutor redis, string key, CacheRead<T> read, CancellationToken cancellationToken);

    /// <summary>Slides the entry's expiration, if it has a sliding one.</summary>
    ValueTask RefreshAsync(IRedisExecutor redis, string key, CancellationToken cancellationToken);

    /// <summary>Writes the entry atomically, replacing any previous one and its TTL; pass the reply to <see cref="CacheWrite.ThrowIfRefused"/>.</summary>
    ValueTask<(int Index, string? Error)> SetAsync(IRedisExecutor redis, string key, ReadOnlyMemory<byte> value, CacheExpiration expiration, CancellationToken cancellationToken);
}

/// <summary>
/// What the first step of a read found. <see cref="Slides"/> says whether the entry has a sliding expiration (when
/// known), <see cref="SlideDone"/> whether the read already slid it; <see cref="Absolute"/> and <see cref="Sliding"/>
/// are the entry's metadata (-1 when not set, <see cref="CacheEntryLayout.Unknown"/> when the read did not fetch it).
/// <see cref="Error"/> is what Redis answered a command of a MULTI block with, when it refused one.
/// </summary>
internal readonly record struct CacheRead<T>(T Data, bool Exists, ReadPath Path, bool Slides, bool SlideDone, long Absolute, long Sliding, int Length, string? Error = null);
