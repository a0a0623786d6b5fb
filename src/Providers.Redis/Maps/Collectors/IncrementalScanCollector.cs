using Adapters.Redis.Commands;
using Adapters.Redis.Connection;

namespace Adapters.Redis.Maps.Collectors;

/// <summary>HSCAN of the timestamps hash page by page, filtered on the client; memory bounded by the batch.</summary>
internal sealed class IncrementalScanCollector : IChangeCollector
{
    private static readonly RedisCommand HScan = RedisCommand.Of("HSCAN");

    public async ValueTask<RawWindow> ReadAsync(MapFeedContext feed, string group, long quietMicros, int maxCount, CancellationToken cancellationToken)
    {
        var (checkpoint, cutoff) = await feed.WindowAsync(group, quietMicros, cancellationToken).ConfigureAwait(false);
        var candidates = new CandidateWindow(maxCount + 1);
        if (cutoff > checkpoint)
        {
            await foreach (var page in ScanCommands.PagesAsync(feed.Redis, HScan, feed.Keys.Timestamps, "*", feed.ScanPageSize, cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i + 1 < page.Items.Length; i += 2)
                {
                    var stamp = MapFeedContext.ParseStamp(page.Items[i + 1]);
                    if (stamp > checkpoint && stamp <= cutoff)
                    {
                        candidates.Offer(page.Items[i], stamp);
                    }
                }
            }
        }

        return await feed.CompleteAsync(checkpoint, Math.Max(cutoff, checkpoint), candidates, maxCount, cancellationToken).ConfigureAwait(false);
    }
}
