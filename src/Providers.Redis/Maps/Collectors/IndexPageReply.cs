using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Maps.Collectors;

/// <summary>
/// Reads the reply of <see cref="MapScripts.IndexPage"/> straight into a <see cref="RawWindow"/>'s parts: a page of
/// 10,000 entries is 30,000 values, and building a reply tree first would double the client's work.
/// </summary>
internal static class IndexPageReply
{
    /// <summary>Null when the map's index is not ready.</summary>
    public static readonly ReplyParser<Page?> Parser = static (ref RespReader reader) =>
    {
        var count = reader.Length;
        reader.MoveNext();
        if (count == 1)
        {
            return null;
        }

        var checkpoint = reader.PayloadToInt64();
        reader.MoveNext();
        var cutoff = reader.PayloadToInt64();
        reader.MoveNext();
        var hasMore = reader.PayloadToInt64() == 1;
        if (count == 3)
        {
            return new Page(checkpoint, cutoff, hasMore, []);
        }

        reader.MoveNext();
        var found = (int)(reader.Length / 2);
        var fields = new byte[found][];
        var stamps = new long[found];
        for (var i = 0; i < found; i++)
        {
            reader.MoveNext();
            fields[i] = reader.PayloadToArray();
            reader.MoveNext();
            stamps[i] = reader.PayloadToInt64();
        }

        var entries = new RawEntry[found];
        var next = 0;
        for (var slice = 4L; slice < count; slice++)
        {
            reader.MoveNext();
            var length = reader.Length;
            for (var i = 0L; i < length; i++, next++)
            {
                reader.MoveNext();
                entries[next] = new RawEntry(fields[next], reader.IsNull ? null : reader.PayloadToArray(), stamps[next]);
            }
        }

        return next == found ? new Page(checkpoint, cutoff, hasMore, entries) : throw new RespProtocolException($"The index page held {found} entries but {next} values.");
    };

    /// <summary>A page: the group's checkpoint, the window's cutoff, whether more entries wait, the entries oldest first.</summary>
    public sealed record Page(long Checkpoint, long Cutoff, bool HasMore, RawEntry[] Entries);
}
