using Adapters.Redis.Commands;
using Adapters.Redis.Maps.Collectors;

namespace Adapters.Redis.Maps;

/// <summary>The change feed: windows read by the configured strategy, CAS commits fenced by leases, tombstone pruning.</summary>
internal sealed partial class RedisChangeTrackingMap<TKey, TValue>
{
    // Tombstones pruned per commit at most: bounded script time; later commits prune the rest.
    private const int PruneLimit = 1000;

    private MapFeedContext? _feed;
    private IChangeCollector? _collector;

    private MapFeedContext Feed => _feed ??= new MapFeedContext(_redis, _keys, _options.ScanPageSize, _options.IndexPageSize, _options.ChunkSize);

    private IChangeCollector Collector => _collector ??= _options.Strategy switch
    {
        ChangeScanStrategy.FullHash => new FullHashCollector(),
        ChangeScanStrategy.IncrementalScan => new IncrementalScanCollector(),
        ChangeScanStrategy.ServerScript => new ServerScriptCollector(),
        _ => new SortedIndexCollector(_logger),
    };

    public async ValueTask<ChangeBatch<TKey, TValue>> ReadChangesAsync(string group, ChangeReadOptions options, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateGroupName(group);
        options.Validate();
        Enter();
        var window = await Collector.ReadAsync(Feed, group, options.QuietPeriod.Ticks / 10, options.MaxCount, cancellationToken).ConfigureAwait(false);
        var entries = new List<ChangeEntry<TKey, TValue>>(window.Entries.Count);
        foreach (var entry in window.Entries)
        {
            entries.Add(entry.Value is { } stored
                ? new ChangeEntry<TKey, TValue>(_codec.Key(entry.Field), _codec.Value(entry.Field, stored), IsRemoved: false, entry.Stamp)
                : new ChangeEntry<TKey, TValue>(_codec.Key(entry.Field), default, IsRemoved: true, entry.Stamp));
        }

        return new ChangeBatch<TKey, TValue>(group, window.Checkpoint, window.HighWaterMark, entries, window.HasMore);
    }

    public async ValueTask<bool> CommitAsync(string group, long expectedCheckpoint, long newCheckpoint, ChangeFeedLease? lease = null, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateGroupName(group);
        ArgumentOutOfRangeException.ThrowIfLessThan(newCheckpoint, expectedCheckpoint);
        Enter();
        var outcome = await _redis.EvaluateAsync(
            MapScripts.Commit,
            [_keys.Groups, _keys.Lease(group), _keys.Clock, _keys.Tombstones, _keys.Timestamps, _keys.Index, _keys.Values],
            [group, expectedCheckpoint, newCheckpoint, lease?.Token ?? string.Empty, PruneLimit],
            Replies.Integer,
            cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            1 => true,
            0 => false,
            _ => throw new ArgumentOutOfRangeException(nameof(newCheckpoint), newCheckpoint, $"A checkpoint cannot pass map '{Name}''s clock: commit the high-water mark of a batch."),
        };
    }

    public async ValueTask<IReadOnlyDictionary<string, long>> GetCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        Enter();
        var pairs = await _redis.HashGetAllAsync(_keys.Groups, cancellationToken).ConfigureAwait(false);
        return pairs.ToDictionary(pair => RedisMapCodec<TKey, TValue>.Text(pair.Key), pair => MapFeedContext.ParseStamp(pair.Value), StringComparer.Ordinal);
    }

    public async ValueTask<bool> DeleteGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateGroupName(group);
        Enter();
        return await _redis.EvaluateAsync(
            MapScripts.DeleteGroup,
            [_keys.Groups, _keys.Lease(group), _keys.Tombstones, _keys.Timestamps, _keys.Index, _keys.Values],
            [group, PruneLimit],
            Replies.Integer,
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<ChangeFeedLease?> TryAcquireLeaseAsync(string group, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateGroupName(group);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        Enter();
        var token = Guid.NewGuid().ToString("N");
        var acquired = await _redis.SetAsync(_keys.Lease(group), token, duration, SetCondition.NotExists, cancellationToken).ConfigureAwait(false);
        return acquired ? new ChangeFeedLease(group, token) : null;
    }

    public async ValueTask<bool> RenewLeaseAsync(ChangeFeedLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        Enter();
        return await _redis.EvaluateAsync(MapScripts.RenewLease, [_keys.Lease(lease.Group)], [lease.Token, (long)Math.Ceiling(duration.TotalMilliseconds)], Replies.Integer, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask ReleaseLeaseAsync(ChangeFeedLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Enter();
        await _redis.EvaluateAsync(MapScripts.ReleaseLease, [_keys.Lease(lease.Group)], [lease.Token], Replies.Integer, cancellationToken).ConfigureAwait(false);
    }
}
