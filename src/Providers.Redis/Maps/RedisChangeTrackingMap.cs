using System.Runtime.CompilerServices;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Maps;

/// <summary>
/// A change-tracking map on Redis (key layout in <see cref="MapKeys"/>, scripts in <see cref="MapScripts"/>). Every
/// write is one script call; reads are one command; the change feed uses the configured strategy.
/// </summary>
internal sealed partial class RedisChangeTrackingMap<TKey, TValue> : IChangeTrackingMap<TKey, TValue>
    where TKey : notnull
{
    private readonly IRedisExecutor _redis;
    private readonly MapKeys _keys;
    private readonly RedisMapOptions<TKey, TValue> _options;
    private readonly RedisMapCodec<TKey, TValue> _codec;
    private readonly ChangeNotifier<MapChange<TKey, TValue>> _changes;
    private readonly ILogger _logger;
    private readonly CommandArg[] _writeKeys;
    private volatile bool _disposed;

    public RedisChangeTrackingMap(IRedisExecutor redis, string name, RedisMapOptions<TKey, TValue> options, ILogger logger)
    {
        _redis = redis;
        _keys = new MapKeys(name);
        _options = options;
        _codec = new RedisMapCodec<TKey, TValue>(name, options);
        _logger = logger;
        _changes = new ChangeNotifier<MapChange<TKey, TValue>>(logger);
        _writeKeys = [_keys.Values, _keys.Timestamps, _keys.Index, _keys.Clock, _keys.Groups, _keys.Tombstones, _keys.IndexState];
    }

    public string Name => _keys.Name;

    public IObservable<MapChange<TKey, TValue>> Changes => _changes;

    public async ValueTask<TValue> GetAsync(TKey key, CancellationToken cancellationToken = default)
    {
        var lookup = await TryGetAsync(key, cancellationToken).ConfigureAwait(false);
        return lookup.Found ? lookup.Value! : throw new KeyNotFoundException($"The key '{RedisMapCodec<TKey, TValue>.Text(_codec.Field(key))}' is not in map '{Name}'.");
    }

    public async ValueTask<MapLookup<TValue>> TryGetAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Enter();
        var field = _codec.Field(key);
        var stored = await _redis.HashGetAsync(_keys.Values, field, cancellationToken).ConfigureAwait(false);
        return stored is null ? MapLookup<TValue>.Missing : new MapLookup<TValue>(true, _codec.Value(field, stored));
    }

    public async ValueTask<IReadOnlyDictionary<TKey, TValue>> GetManyAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Enter();
        var wanted = keys.ToArray();
        var fields = Array.ConvertAll(wanted, _codec.Field);
        var result = new Dictionary<TKey, TValue>(wanted.Length);
        for (var start = 0; start < fields.Length; start += _options.ChunkSize)
        {
            var count = Math.Min(_options.ChunkSize, fields.Length - start);
            var args = new CommandArg[count + 1];
            args[0] = _keys.Values;
            for (var i = 0; i < count; i++)
            {
                args[i + 1] = fields[start + i];
            }

            var values = await _redis.ExecuteAsync(HMGet, args, Replies.BulkArray, cancellationToken, keyIndex: 0).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                if (values[i] is { } stored)
                {
                    result[wanted[start + i]] = _codec.Value(fields[start + i], stored);
                }
            }
        }

        return result;
    }

    public async ValueTask<MapChangeKind> SetAsync(TKey key, TValue value, CancellationToken cancellationToken = default)
    {
        Enter();
        var field = _codec.Field(key);
        var reply = await _redis.EvaluateAsync(MapScripts.Set, _writeKeys, [WantIndex, field, _codec.Value(value)], Replies.Value, cancellationToken).ConfigureAwait(false);
        var kind = reply.Items[1].AsInt64() == 1 ? MapChangeKind.Added : MapChangeKind.Updated;
        _changes.Publish(new MapChange<TKey, TValue>(kind, key, value, reply.Items[0].AsInt64()));
        return kind;
    }

    /// <summary>
    /// Sets entries one chunk per script call. Chunks go out while earlier ones are still on the server, so encoding
    /// overlaps the round trips; a chunk sharing a field with one in flight waits for it, because the pool may send the
    /// two on different connections and the later value must win.
    /// </summary>
    public async ValueTask SetManyAsync(IEnumerable<KeyValuePair<TKey, TValue>> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Enter();
        var inFlight = new Queue<PendingChunk>();
        try
        {
            foreach (var chunk in entries.Chunk(_options.ChunkSize))
            {
                var args = new CommandArg[1 + (chunk.Length * 2)];
                var fields = new HashSet<byte[]>(chunk.Length, FieldComparer.Instance);
                args[0] = WantIndex;
                for (var i = 0; i < chunk.Length; i++)
                {
                    var field = _codec.Field(chunk[i].Key);
                    fields.Add(field);
                    args[1 + (2 * i)] = field;
                    args[2 + (2 * i)] = _codec.Value(chunk[i].Value);
                }

                while (inFlight.Count >= ChunksInFlight || (inFlight.Count > 0 && inFlight.Any(pending => pending.Fields.Overlaps(fields))))
                {
                    Publish(inFlight.Peek().Chunk, await inFlight.Dequeue().Reply.ConfigureAwait(false));
                }

                var reply = _redis.EvaluateAsync(MapScripts.SetMany, _writeKeys, args, Replies.Value, cancellationToken).AsTask();
                inFlight.Enqueue(new PendingChunk(chunk, fields, reply));
            }

            while (inFlight.TryPeek(out var pending))
            {
                Publish(pending.Chunk, await pending.Reply.ConfigureAwait(false));
                inFlight.Dequeue();
            }
        }
        catch
        {
            // Every chunk already sent finishes before the caller hears of the failure, so none lands after the call.
            await Task.WhenAll(inFlight.Select(static Task (pending) => pending.Reply)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        void Publish(KeyValuePair<TKey, TValue>[] chunk, RespValue reply)
        {
            if (!_changes.HasObservers)
            {
                return;
            }

            var first = reply.Items[0].AsInt64();
            for (var i = 0; i < chunk.Length; i++)
            {
                var kind = reply.Items[i + 1].AsInt64() == 1 ? MapChangeKind.Added : MapChangeKind.Updated;
                _changes.Publish(new MapChange<TKey, TValue>(kind, chunk[i].Key, chunk[i].Value, first + i));
            }
        }
    }

    public async ValueTask<bool> RemoveAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Enter();
        var field = _codec.Field(key);
        var reply = await _redis.EvaluateAsync(MapScripts.Remove, _writeKeys, [field], Replies.Value, cancellationToken).ConfigureAwait(false);
        var stamp = reply.Items[0].AsInt64();
        if (stamp != 0)
        {
            _changes.Publish(new MapChange<TKey, TValue>(MapChangeKind.Removed, key, default, stamp));
        }

        return stamp != 0;
    }

    public async ValueTask<bool> ContainsKeyAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Enter();
        return await _redis.HashExistsAsync(_keys.Values, _codec.Field(key), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        Enter();
        return await _redis.HashLengthAsync(_keys.Values, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes every entry. With no consumer group the keys are unlinked at once; otherwise entries are removed page
    /// by page (each leaves a tombstone), so a huge map never blocks the server. Entries written meanwhile may survive.
    /// </summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        Enter();
        var cleared = await _redis.EvaluateAsync(MapScripts.ClearUntracked, [_keys.Values, _keys.Timestamps, _keys.Index, _keys.Tombstones, _keys.Groups], [], Replies.Integer, cancellationToken).ConfigureAwait(false);
        if (cleared == 0)
        {
            await foreach (var page in ScanCommands.PagesAsync(_redis, HScan, _keys.Values, "*", _options.ScanPageSize, cancellationToken).ConfigureAwait(false))
            {
                var fields = new CommandArg[page.Items.Length / 2];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = page.Items[2 * i];
                }

                if (fields.Length > 0)
                {
                    await _redis.EvaluateAsync(MapScripts.Remove, _writeKeys, fields, Replies.Value, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        _changes.Publish(new MapChange<TKey, TValue>(MapChangeKind.Cleared, default, default, 0));
    }

    public async IAsyncEnumerable<KeyValuePair<TKey, TValue>> EnumerateAsync(int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        Enter();
        await foreach (var page in ScanCommands.PagesAsync(_redis, HScan, _keys.Values, "*", pageSize, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i + 1 < page.Items.Length; i += 2)
            {
                yield return new KeyValuePair<TKey, TValue>(_codec.Key(page.Items[i]), _codec.Value(page.Items[i], page.Items[i + 1]));
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _changes.Complete();
        return ValueTask.CompletedTask;
    }

    private static readonly RedisCommand HMGet = RedisCommand.Of("HMGET");
    private static readonly RedisCommand HScan = RedisCommand.Of("HSCAN");

    // Enough chunks to keep the server busy while the next one is encoded; more only queue up.
    private const int ChunksInFlight = 3;

    private string WantIndex => _options.Strategy == ChangeScanStrategy.SortedIndex ? "1" : "0";

    private void Enter() => ObjectDisposedException.ThrowIf(_disposed, this);

    private readonly record struct PendingChunk(KeyValuePair<TKey, TValue>[] Chunk, HashSet<byte[]> Fields, Task<RespValue> Reply);
}
