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
            IndexPageReply.Parser,
            cancellationToken).ConfigureAwait(false);
        if (page is null)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                MapLog.IndexNotReady(logger, feed.Keys.Name);
            }

            return await _fallback.ReadAsync(feed, group, quietMicros, maxCount, cancellationToken).ConfigureAwait(false);
        }

        var entries = page.Entries;
        var highWaterMark = page.HasMore ? entries[^1].Stamp : Math.Max(page.Cutoff, page.Checkpoint);
        return new RawWindow(page.Checkpoint, highWaterMark, entries, page.HasMore);
    }
}
