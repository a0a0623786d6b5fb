using System.Globalization;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Maps.Collectors;

/// <summary>What the collectors share: the map's keys, the connection, and the window and fetch steps of scan strategies.</summary>
internal sealed class MapFeedContext(IRedisExecutor redis, MapKeys keys, int scanPageSize, int indexPageSize, int chunkSize)
{
    public IRedisExecutor Redis { get; } = redis;

    public MapKeys Keys { get; } = keys;

    public int ScanPageSize { get; } = scanPageSize;

    public int IndexPageSize { get; } = indexPageSize;

    /// <summary>Takes the window (clock clamped to the cutoff) and returns the group's checkpoint and the cutoff.</summary>
    public async ValueTask<(long Checkpoint, long Cutoff)> WindowAsync(string group, long quietMicros, CancellationToken cancellationToken)
    {
        var reply = await Redis.EvaluateAsync(MapScripts.Window, [Keys.Clock, Keys.Groups], [group, quietMicros], Replies.Value, cancellationToken).ConfigureAwait(false);
        return (reply.Items[0].AsInt64(), reply.Items[1].AsInt64());
    }

    /// <summary>
    /// Fetches the candidates' values with their current stamps, atomically per chunk, and keeps those still inside the
    /// window: an entry rewritten since the scan has a stamp past the cutoff (the clock clamp) and belongs to a later one.
    /// </summary>
    public async ValueTask<RawWindow> CompleteAsync(long checkpoint, long cutoff, CandidateWindow candidates, int maxCount, CancellationToken cancellationToken)
    {
        var chosen = candidates.Smallest(maxCount);
        var entries = new List<RawEntry>(chosen.Count);
        foreach (var chunk in chosen.Chunk(chunkSize))
        {
            var reply = await Redis.EvaluateAsync(MapScripts.Fetch, [Keys.Values, Keys.Timestamps], [.. chunk.Select(candidate => (CommandArg)candidate.Field)], Replies.Value, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                var stamp = reply.Items[(2 * i) + 1];
                if (!stamp.IsNull && stamp.AsInt64() is var current && current > checkpoint && current <= cutoff)
                {
                    entries.Add(new RawEntry(chunk[i].Field, reply.Items[2 * i].AsBytes(), current));
                }
            }
        }

        entries.Sort(static (a, b) => a.Stamp.CompareTo(b.Stamp));
        var hasMore = candidates.Count > maxCount;
        return new RawWindow(checkpoint, hasMore ? chosen[^1].Stamp : cutoff, entries, hasMore);
    }

    public static long ParseStamp(byte[] stamp) => long.Parse(stamp, NumberStyles.None, CultureInfo.InvariantCulture);
}
