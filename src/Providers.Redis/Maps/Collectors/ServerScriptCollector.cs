using Adapters.Redis.Commands;

namespace Adapters.Redis.Maps.Collectors;

/// <summary>
/// A Lua script walks the timestamps hash in HSCAN steps of <see cref="MapFeedContext.ScanPageSize"/> and returns only
/// the matches, so little crosses the network and the server is never blocked for more than one step.
/// </summary>
internal sealed class ServerScriptCollector : IChangeCollector
{
    public async ValueTask<RawWindow> ReadAsync(MapFeedContext feed, string group, long quietMicros, int maxCount, CancellationToken cancellationToken)
    {
        var (checkpoint, cutoff) = await feed.WindowAsync(group, quietMicros, cancellationToken).ConfigureAwait(false);
        var candidates = new CandidateWindow(maxCount + 1);
        if (cutoff > checkpoint)
        {
            var cursor = "0";
            do
            {
                var step = await feed.Redis.EvaluateAsync(MapScripts.ScanStep, [feed.Keys.Timestamps], [cursor, feed.ScanPageSize, checkpoint, cutoff], Replies.Value, cancellationToken).ConfigureAwait(false);
                cursor = step.Items[0].AsString()!;
                for (var i = 1; i + 1 < step.Items.Count; i += 2)
                {
                    candidates.Offer(step.Items[i].AsBytes()!, step.Items[i + 1].AsInt64());
                }
            }
            while (cursor != "0");
        }

        return await feed.CompleteAsync(checkpoint, Math.Max(cutoff, checkpoint), candidates, maxCount, cancellationToken).ConfigureAwait(false);
    }
}
