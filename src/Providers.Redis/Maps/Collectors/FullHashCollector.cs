using Adapters.Redis.Commands;

namespace Adapters.Redis.Maps.Collectors;

/// <summary>HGETALL of the timestamps hash, filtered on the client: the seed design's baseline.</summary>
internal sealed class FullHashCollector : IChangeCollector
{
    public async ValueTask<RawWindow> ReadAsync(MapFeedContext feed, string group, long quietMicros, int maxCount, CancellationToken cancellationToken)
    {
        var (checkpoint, cutoff) = await feed.WindowAsync(group, quietMicros, cancellationToken).ConfigureAwait(false);
        var candidates = new CandidateWindow(maxCount + 1);
        if (cutoff > checkpoint)
        {
            foreach (var (field, stamp) in await feed.Redis.HashGetAllAsync(feed.Keys.Timestamps, cancellationToken).ConfigureAwait(false))
            {
                var value = MapFeedContext.ParseStamp(stamp);
                if (value > checkpoint && value <= cutoff)
                {
                    candidates.Offer(field, value);
                }
            }
        }

        return await feed.CompleteAsync(checkpoint, Math.Max(cutoff, checkpoint), candidates, maxCount, cancellationToken).ConfigureAwait(false);
    }
}
