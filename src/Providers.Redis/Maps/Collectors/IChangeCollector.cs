namespace Adapters.Redis.Maps.Collectors;

/// <summary>One way of finding a change window's entries (a <see cref="ChangeScanStrategy"/>).</summary>
internal interface IChangeCollector
{
    ValueTask<RawWindow> ReadAsync(MapFeedContext feed, string group, long quietMicros, int maxCount, CancellationToken cancellationToken);
}
