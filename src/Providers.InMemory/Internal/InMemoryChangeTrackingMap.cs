using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Adapters.InMemory.Internal;

/// <summary>A typed handle on a shared <see cref="MapState"/>; raises immediate notifications for its own writes.</summary>
internal sealed class InMemoryChangeTrackingMap<TKey, TValue> : IChangeTrackingMap<TKey, TValue>
    where TKey : notnull
{
    private readonly MapState _state;
    private readonly MapCodec<TKey, TValue> _codec;
    private readonly ChangeNotifier<MapChange<TKey, TValue>> _changes;
    private volatile bool _disposed;

    public InMemoryChangeTrackingMap(MapState state, ChangeTrackingMapOptions<TKey, TValue> options, ILogger logger)
    {
        _state = state;
        _codec = new MapCodec<TKey, TValue>(state.Name, options);
        _changes = new ChangeNotifier<MapChange<TKey, TValue>>(logger);
    }

    public string Name => _state.Name;

    public IObservable<MapChange<TKey, TValue>> Changes => _changes;

    public async ValueTask<TValue> GetAsync(TKey key, CancellationToken cancellationToken = default)
    {
        var lookup = await TryGetAsync(key, cancellationToken).ConfigureAwait(false);
        return lookup.Found ? lookup.Value! : throw new KeyNotFoundException($"The key '{_codec.Field(key)}' is not in map '{Name}'.");
    }

    public ValueTask<MapLookup<TValue>> TryGetAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Enter(cancellationToken);
        var field = _codec.Field(key);
        return ValueTask.FromResult(_state.Get(field) is { } stored ? new MapLookup<TValue>(true, _codec.Value(field, stored)) : MapLookup<TValue>.Missing);
    }

    public ValueTask<IReadOnlyDictionary<TKey, TValue>> GetManyAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Enter(cancellationToken);
        var wanted = keys.ToArray();
        var fields = Array.ConvertAll(wanted, _codec.Field);
        var stored = new byte[]?[fields.Length];
        _state.GetMany(fields, stored);

        var result = new Dictionary<TKey, TValue>(fields.Length);
        for (var i = 0; i < fields.Length; i++)
        {
            if (stored[i] is { } bytes)
            {
                result[wanted[i]] = _codec.Value(fields[i], bytes);
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<TKey, TValue>>(result);
    }

    public ValueTask<MapChangeKind> SetAsync(TKey key, TValue value, CancellationToken cancellationToken = default)
    {
        Enter(cancellationToken);
        var field = _codec.Field(key);
        var written = _state.Set(field, _codec.Value(value));
        _changes.Publish(new MapChange<TKey, TValue>(written.Kind, key, value, written.Stamp));
        return ValueTask.FromResult(written.Kind);
    }

    public ValueTask SetManyAsync(IEnumerable<KeyValuePair<TKey, TValue>> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Enter(cancellationToken);
        var typed = entries.ToArray();
        var encoded = Array.ConvertAll(typed, entry => (_codec.Field(entry.Key), _codec.Value(entry.Value)));
        var written = new Written[encoded.Length];
        _state.SetMany(encoded, written);
        if (_changes.HasObservers)
        {
            for (var i = 0; i < typed.Length; i++)
            {
                _changes.Publish(new MapChange<TKey, TValue>(written[i].Kind, typed[i].Key, typed[i].Value, written[i].Stamp));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> RemoveAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Enter(cancellationToken);
        var stamp = _state.Remove(_codec.Field(key));
        if (stamp != 0)
        {
            _changes.Publish(new MapChange<TKey, TValue>(MapChangeKind.Removed, key, default, stamp));
        }

        return ValueTask.FromResult(stamp != 0);
    }

    public ValueTask<bool> ContainsKeyAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Enter(cancellationToken);
        return ValueTask.FromResult(_state.Contains(_codec.Field(key)));
    }

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        Enter(cancellationToken);
        return ValueTask.FromResult(_state.Count);
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        Enter(cancellationToken);
        _state.Clear();
        _changes.Publish(new MapChange<TKey, TValue>(MapChangeKind.Cleared, default, default, 0));
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<KeyValuePair<TKey, TValue>> EnumerateAsync(int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        Enter(cancellationToken);
        var after = 0L;
        while (true)
        {
            var page = _state.ReadPage(after, pageSize);
            foreach (var entry in page)
            {
                yield return new KeyValuePair<TKey, TValue>(_codec.Key(entry.Field), _codec.Value(entry.Field, entry.Value!));
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].Stamp;

            // Let other work run between pages, as a remote provider would between round trips.
            await Task.Yield();
            Enter(cancellationToken);
        }
    }

    public ValueTask<ChangeBatch<TKey, TValue>> ReadChangesAsync(string group, ChangeReadOptions options, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateGroupName(group);
        options.Validate();
        Enter(cancellationToken);
        var window = _state.ReadWindow(group, options.QuietPeriod, options.MaxCount);
        var entries = window.Entries.ConvertAll(entry => entry.Value is { } stored
            ? new ChangeEntry<TKey, TValue>(_codec.Key(entry.Field), _codec.Value(entry.Field, stored), IsRemoved: false, entry.Stamp)
            : new ChangeEntry<TKey, TValue>(_codec.Key(entry.Field), default, IsRemoved: true, entry.Stamp));
        return ValueTask.FromResult(new ChangeBatch<TKey, TValue>(group, window.Checkpoint, window.HighWaterMark, entries, window.HasMore));
    }

    public ValueTask<bool> CommitAsync(string group, long expectedCheckpoint, long newCheckpoint, ChangeFeedLease? lease = null, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateGroupName(group);
        ArgumentOutOfRangeException.ThrowIfLessThan(newCheckpoint, expectedCheckpoint);
        Enter(cancellationToken);
        return ValueTask.FromResult(_state.Commit(group, expectedCheckpoint, newCheckpoint, lease));
    }

    public ValueTask<IReadOnlyDictionary<string, long>> GetCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        Enter(cancellationToken);
        return ValueTask.FromResult<IReadOnlyDictionary<string, long>>(_state.Checkpoints());
    }

    public ValueTask<bool> DeleteGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateGroupName(group);
        Enter(cancellationToken);
        return ValueTask.FromResult(_state.DeleteGroup(group));
    }

    public ValueTask<ChangeFeedLease?> TryAcquireLeaseAsync(string group, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateGroupName(group);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        Enter(cancellationToken);
        var token = _state.TryAcquireLease(group, duration);
        return ValueTask.FromResult(token is null ? null : new ChangeFeedLease(group, token));
    }

    public ValueTask<bool> RenewLeaseAsync(ChangeFeedLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        Enter(cancellationToken);
        return ValueTask.FromResult(_state.RenewLease(lease.Group, lease.Token, duration));
    }

    public ValueTask ReleaseLeaseAsync(ChangeFeedLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Enter(cancellationToken);
        _state.ReleaseLease(lease.Group, lease.Token);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _changes.Complete();
        return ValueTask.CompletedTask;
    }

    private void Enter(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
