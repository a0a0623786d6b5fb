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
        var page = await feed.Redis.EvaluateAsync(
            MapScripts.IndexPage,
            [feed.Keys.Clock, feed.Keys.Groups, feed.Keys.Index, feed.Keys.Values, feed.Keys.IndexState],
            [group, quietMicros, maxCount],
            Replies.Value,
            cancellationToken).ConfigureAwait(false);
        if (page.Items.Count == 1)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                MapLog.IndexNotReady(logger, feed.Keys.Name);
            }

            return await _fallback.ReadAsync(feed, group, quietMicros, maxCount, cancellationToken).ConfigureAwait(false);
        }

        var checkpoint = page.Items[0].AsInt64();
        var cutoff = page.Items[1].AsInt64();
        var hasMore = page.Items[2].AsInt64() == 1;
        var entries = new List<RawEntry>((page.Items.Count - 3) / 3);
        for (var i = 3; i + 2 < page.Items.Count; i += 3)
        {
            entries.Add(new RawEntry(page.Items[i].AsBytes()!, page.Items[i + 2].AsBytes(), page.Items[i + 1].AsInt64()));
        }

        var highWaterMark = hasMore ? entries[^1].Stamp : Math.Max(cutoff, checkpoint);
        return new RawWindow(checkpoint, highWaterMark, entries, hasMore);
    }
}
