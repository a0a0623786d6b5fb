using Adapters.Redis.Commands;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Maps.Collectors;

/// <summary>
/// The sorted index: the window, the range and the values in one script per page. Until the map's index is ready
/// (a map written before it had one, mid-migration) it reads with <see cref="IncrementalScanCollector"/> instead.
/// </summary>
internal sealed class SortedIndexCollector(ILogger logger) : IChangeCollector
{
    private readonly IncrementalScanCollector _fallback = new();
    private int _warned;

    public async ValueTask<RawWindow> ReadAsync(MapFeedContext feed, string group, long quietMicros, int maxCount, CancellationToken cancellationToken)
    {
        var first = await feed.Redis.EvaluateAsync(
            MapScripts.IndexPage,
            [feed.Keys.Clock, feed.Keys.Groups, feed.Keys.Index, feed.Keys.Values, feed.Keys.IndexState],
            [group, quietMicros, Math.Min(maxCount, feed.IndexPageSize)],
            IndexPageReply.Parser,
            cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                MapLog.IndexNotReady(logger, feed.Keys.Name);
            }

            return await _fallback.ReadAsync(feed, group, quietMicros, maxCount, cancellationToken).ConfigureAwait(false);
        }

        // Further pages of the same window, each a short script, until the batch is full or the window is read.
        var entries = new List<RawEntry>(first.Entries);
        var hasMore = first.HasMore;
        while (hasMore && entries.Count < maxCount)
        {
            var next = await feed.Redis.EvaluateAsync(
                MapScripts.IndexPageNext,
                [feed.Keys.Index, feed.Keys.Values],
                [entries[^1].Stamp, first.Cutoff, Math.Min(maxCount - entries.Count, feed.IndexPageSize)],
                IndexPageReply.Parser,
                cancellationToken).ConfigureAwait(false);
            entries.AddRange(next!.Entries);
            hasMore = next.HasMore;
        }

        var highWaterMark = hasMore ? entries[^1].Stamp : Math.Max(first.Cutoff, first.Checkpoint);
        return new RawWindow(first.Checkpoint, highWaterMark, entries, hasMore);
    }
}
