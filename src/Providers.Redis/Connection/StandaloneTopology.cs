using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>A single server behind one connection pool.</summary>
internal sealed class StandaloneTopology : IRedisTopology
{
    private readonly ConnectionPool _pool;

    public StandaloneTopology(ConnectionPool pool)
    {
        _pool = pool;
        _pool.Reconnected += _ => Reconnected?.Invoke();
    }

    public event Action? Reconnected;

    public string Kind => "standalone";

    public bool IsConnected => _pool.IsConnected;

    public IReadOnlyList<IRedisExecutor> Masters => _pool.Masters;

    public ValueTask<T> ExecuteAsync<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken, int keyIndex = -1)
        => _pool.ExecuteAsync(command, args, parser, cancellationToken, keyIndex);

    public void Send(ReadOnlySpan<byte> encoded, PendingReply pending, string? routingKey) => _pool.Send(encoded, pending);

    public ValueTask<DedicatedConnection> LeaseAsync(string? routingKey, CancellationToken cancellationToken) => _pool.LeaseAsync(routingKey, cancellationToken);

    public ValueTask DisposeAsync() => _pool.DisposeAsync();
}
