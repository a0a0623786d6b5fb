namespace Adapters.Redis.Connection;

/// <summary>A connected deployment: one server, a cluster, or a sentinel-managed master.</summary>
internal interface IRedisTopology : IRedisExecutor, IAsyncDisposable
{
    string Kind { get; }

    bool IsConnected { get; }

    /// <summary>Raised after a connection was re-established (clients resubscribe, flush caches).</summary>
    event Action? Reconnected;
}
