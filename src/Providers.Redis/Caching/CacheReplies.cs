using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Caching;

/// <summary>What the Refresh script answers.</summary>
internal static class CacheReplies
{
    public const long Expired = -1;
    public const long Missing = 0;
    public const long Slid = 1;
    public const long NotSliding = 2;

    // Missing metadata (an entry written by other code) reads as "not set", as Microsoft's RedisCache reads it.
    public static long ReadTicks(ref RespReader reader) => reader.IsNull ? CacheEntryLayout.NotPresent : reader.PayloadToInt64();

    public static int LengthOf(ref RespReader reader) => reader.IsNull ? 0 : (int)reader.Length;
}

/// <summary>
/// The parsers of the cache's replies around a caller's parser of the data (a byte array, or a pooled buffer for the
/// buffer API), producing <see cref="CacheRead{T}"/>. Each caller passes the same data parser every time, so the
/// wrapping parsers are built once per type.
/// </summary>
internal static class CacheReplies<T>
{
    // Held in objects, so a thread never reads one parser beside another's data parser.
    private static Built? s_entry;
    private static Built? s_plain;
    private static Built? s_scripted;
    private static Built? s_known;

    /// <summary>The reply of <c>HMGET key absexp sldexp data</c> (the fallback without scripts slides from it).</summary>
    public static ReplyParser<CacheRead<T>> Entry(ReplyParser<T> data) => Cached(ref s_entry, data, static data => (ref RespReader reader) =>
    {
        reader.MoveNext();
        var absolute = CacheReplies.ReadTicks(ref reader);
        reader.MoveNext();
        var sliding = CacheReplies.ReadTicks(ref reader);
        reader.MoveNext();
        return new CacheRead<T>(data(ref reader), !reader.IsNull, ReadPath.Plain, sliding > 0, false, absolute, sliding, CacheReplies.LengthOf(ref reader));
    });

    /// <summary>The reply of <c>HMGET key sldexp data</c>: a read that slides nothing, for entries expected not to slide.</summary>
    public static ReplyParser<CacheRead<T>> Plain(ReplyParser<T> data) => Cached(ref s_plain, data, static data => (ref RespReader reader) =>
    {
        reader.MoveNext();
        var sliding = CacheReplies.ReadTicks(ref reader);
        reader.MoveNext();
        return new CacheRead<T>(data(ref reader), !reader.IsNull, ReadPath.Plain, sliding > 0, false, CacheEntryLayout.Unknown, sliding, CacheReplies.LengthOf(ref reader));
    });

    /// <summary>The reply of the Get script: nil, or <c>{data, slides, sldexp, absexp}</c>.</summary>
    public static ReplyParser<CacheRead<T>> Scripted(ReplyParser<T> data) => Cached(ref s_scripted, data, static data => (ref RespReader reader) =>
    {
        if (reader.IsNull)
        {
            return new CacheRead<T>(data(ref reader), false, ReadPath.Sliding, false, false, CacheEntryLayout.Unknown, CacheEntryLayout.Unknown, 0);
        }

        reader.MoveNext();
        var length = CacheReplies.LengthOf(ref reader);
        var value = data(ref reader);
        reader.MoveNext();
        var slides = reader.PayloadToInt64() == 1;
        reader.MoveNext();
        var sliding = CacheReplies.ReadTicks(ref reader);
        reader.MoveNext();
        var absolute = CacheReplies.ReadTicks(ref reader);
        return new CacheRead<T>(value, true, ReadPath.Sliding, slides, slides, absolute, sliding, length);
    });

    /// <summary>
    /// EXEC's reply to <c>MULTI HMGET key absexp sldexp data PEXPIRE … EXEC</c>: the entry and its metadata, with
    /// <see cref="CacheRead{T}.Error"/> set when Redis refused the HMGET (or the PEXPIRE, prefixed by its name).
    /// </summary>
    public static ReplyParser<CacheRead<T>> KnownSliding(ReplyParser<T> data) => Cached(ref s_known, data, static data => (ref RespReader reader) =>
    {
        reader.MoveNext();
        if (reader.IsError)
        {
            var error = reader.PayloadToString();
            reader.MoveNext();
            return new CacheRead<T>(default!, false, ReadPath.SlidingKnown, false, false, CacheEntryLayout.Unknown, CacheEntryLayout.Unknown, 0, error);
        }

        // The HMGET's reply reads as the fallback's; then PEXPIRE's 0 or 1.
        var read = Entry(data)(ref reader);
        reader.MoveNext();
        return read with { Path = ReadPath.SlidingKnown, Error = reader.IsError ? "PEXPIRE " + reader.PayloadToString() : null };
    });

    /// <summary>The reply of <c>HGET key data</c>: the length (-1 for nil) and the value. Built per call: only large values are read so.</summary>
    public static ReplyParser<(int Length, T Data)> Value(ReplyParser<T> data) => (ref RespReader reader) => (reader.IsNull ? -1 : (int)reader.Length, data(ref reader));

    private static ReplyParser<CacheRead<T>> Cached(ref Built? slot, ReplyParser<T> data, Func<ReplyParser<T>, ReplyParser<CacheRead<T>>> build)
    {
        if (Volatile.Read(ref slot) is { } cached && cached.Data == data)
        {
            return cached.Parser;
        }

        var parser = build(data);
        Volatile.Write(ref slot, new Built(data, parser));
        return parser;
    }

    private sealed record Built(ReplyParser<T> Data, ReplyParser<CacheRead<T>> Parser);
}
