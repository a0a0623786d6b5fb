using System.Collections.Concurrent;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Cluster;

/// <summary>
/// A Redis Cluster: one connection pool per master, commands routed by the slot of their key, MOVED and ASK
/// redirections followed transparently, and the slot map refreshed after redirections and lost connections (so a
/// failover's new master is found).
/// </summary>
internal sealed partial class ClusterTopology : IRedisTopology, IRedirector
{
    private const int MaxRedirects = 5;
    private static readonly RedisCommand ClusterCommand = RedisCommand.Of("CLUSTER");

    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<RedisEndPoint, ConnectionPool> _pools = new();
    private readonly CancellationTokenSource _lifetime = new();
    private volatile SlotMap _map;
    private int _roundRobin;

    private ClusterTopology(RedisOptions options, ILogger logger, SlotMap map)
    {
        _options = options;
        _logger = logger;
        _map = map;
    }

    public event Action? Reconnected;

    public string Kind => "cluster";

    public bool IsConnected => _map.Masters.All(master => _pools.TryGetValue(master, out var pool) && pool.IsConnected);

    public IReadOnlyList<IRedisExecutor> Masters => [.. _map.Masters.Select(PoolFor)];

    public static async Task<ClusterTopology> ConnectAsync(RedisOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        RedisConnectionException? last = null;
        foreach (var seed in options.EndPoints)
        {
            await using var pool = new ConnectionPool(seed, options, logger, size: 1);
            try
            {
                await pool.ConnectAsync(cancellationToken).ConfigureAwait(false);
                var topology = new ClusterTopology(options, logger, await LoadMapAsync(pool, seed, cancellationToken).ConfigureAwait(false));
                await Task.WhenAll(topology._map.Masters.Select(master => topology.PoolFor(master, connect: false).ConnectAsync(cancellationToken))).ConfigureAwait(false);
                return topology;
            }
            catch (RedisConnectionException ex)
            {
                last = ex;
            }
        }

        throw last ?? new RedisConnectionException(RedisConnectionFailure.ConnectFailed, string.Join(",", options.EndPoints), null, "No cluster node could be reached.");
    }

    public ValueTask<T> ExecuteAsync<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken, int keyIndex = -1)
    {
        // A caller that already gave up must not have its command run.
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var pending = PendingReply<T>.Rent(command, parser, cancellationToken);
        var encoded = CommandEncoder.Encode(command, args);
        ConnectionPool? pool;
        if (keyIndex >= 0)
        {
            pending.SetKey(args[keyIndex]);
            pool = OwnerOf(SlotOf(args[keyIndex]));
        }
        else
        {
            var masters = _map.Masters;
            pool = masters.Count == 0 ? null : PoolFor(masters[(int)((uint)Interlocked.Increment(ref _roundRobin) % masters.Count)]);
        }

        if (pool is null)
        {
            pending.TryFail(new RedisConnectionException(RedisConnectionFailure.NotConnected, string.Empty, command.Name, $"No cluster master serves the slot of this {command.Name}; the slot map is being refreshed."));
            pending.ReleaseFromConnection();
            RequestRefresh();
            return pending.Task;
        }

        pending.Retain(encoded);
        pending.Redirector = this;
        pool.Send(encoded, pending);
        return pending.Task;
    }

    public void Send(ReadOnlySpan<byte> encoded, PendingReply pending, string? routingKey)
    {
        var pool = routingKey is null ? PoolFor(_map.Masters[0]) : OwnerOf(HashSlot.Of(routingKey));
        if (pool is null)
        {
            pending.TryFail(new RedisConnectionException(RedisConnectionFailure.NotConnected, string.Empty, pending.Command.Name, "No cluster master serves the slot of this key; the slot map is being refreshed."));
            pending.ReleaseFromConnection();
            RequestRefresh();
            return;
        }

        if (routingKey is not null && IsBlock(pending))
        {
            KeepBlockForRedirects(encoded, pending, routingKey);
        }

        pool.Send(encoded, pending);
    }

    public ValueTask<DedicatedConnection> LeaseAsync(string? routingKey, CancellationToken cancellationToken)
    {
        var pool = routingKey is null ? PoolFor(_map.Masters[0]) : OwnerOf(HashSlot.Of(routingKey))
            ?? throw new RedisConnectionException(RedisConnectionFailure.NotConnected, string.Empty, null, "No cluster master serves the slot of this key yet.");
        return pool.LeaseAsync(routingKey, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        foreach (var pool in _pools.Values)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }

        _lifetime.Dispose();
    }

    private static int SlotOf(in CommandArg key)
    {
        Span<byte> scratch = stackalloc byte[256];
        return HashSlot.Of(key.AsKeyBytes(scratch, out _));
    }

    private ConnectionPool? OwnerOf(int slot) => _map[slot] is { } owner ? PoolFor(owner) : null;

    /// <summary>The master serving <paramref name="slot"/> per the current map (null while unserved).</summary>
    public RedisEndPoint? OwnerEndPointOf(int slot) => _map[slot];

    /// <summary>Reloads the slot map now (a shard channel moved, so the map is stale).</summary>
    public Task RefreshNowAsync() => RefreshOnceAsync();

    private ConnectionPool PoolFor(RedisEndPoint endPoint) => PoolFor(endPoint, connect: true);

    private ConnectionPool PoolFor(RedisEndPoint endPoint, bool connect)
    {
        if (_pools.TryGetValue(endPoint, out var existing))
        {
            return existing;
        }

        var created = new ConnectionPool(endPoint, _options, _logger, _options.EffectivePoolSize);
        if (!_pools.TryAdd(endPoint, created))
        {
            _ = created.DisposeAsync();
            return _pools[endPoint];
        }

        created.ConnectionLost += _ => RequestRefresh();
        created.Reconnected += _ => Reconnected?.Invoke();
        if (connect)
        {
            created.ConnectInBackground();
        }

        return created;
    }

    private static async Task<SlotMap> LoadMapAsync(IRedisExecutor node, RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                return SlotMap.FromShards(await node.ExecuteAsync(ClusterCommand, ["SHARDS"], Replies.Value, cancellationToken).ConfigureAwait(false), endPoint);
            }
            catch (RedisServerException unknown) when (unknown.ErrorCode == "ERR")
            {
                return SlotMap.FromSlots(await node.ExecuteAsync(ClusterCommand, ["SLOTS"], Replies.Value, cancellationToken).ConfigureAwait(false), endPoint);
            }
        }
        catch (Exception malformed) when (malformed is InvalidCastException or ArgumentException)
        {
            throw new RedisProtocolException($"The cluster slot map from {endPoint} is malformed: {malformed.Message}", malformed);
        }
    }
}
