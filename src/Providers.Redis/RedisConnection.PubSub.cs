using Adapters.Redis.Connection;

namespace Adapters.Redis;

/// <summary>The dedicated pub/sub connection, created on first use.</summary>
public sealed partial class RedisConnection
{
    private readonly SemaphoreSlim _subscriberGate = new(1, 1);
    private Subscriber? _subscriber;

    /// <summary>Raised after a connection was re-established; subscribers and caches may have missed changes meanwhile.</summary>
    public event Action? Reconnected
    {
        add => _topology.Reconnected += value;
        remove => _topology.Reconnected -= value;
    }

    /// <summary>The subscriber connection (pub/sub, RESP3 tracking), connected on first call.</summary>
    internal async ValueTask<Subscriber> GetSubscriberAsync(CancellationToken cancellationToken)
    {
        if (_subscriber is { } existing)
        {
            return existing;
        }

        await _subscriberGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_subscriber is null)
            {
                var endPoint = _topology switch
                {
                    Sentinel.SentinelTopology sentinel => sentinel.Master,
                    _ => _topology.Masters[0] is ConnectionPool pool ? pool.EndPoint : _options.EndPoints[0],
                };
                var subscriber = new Subscriber(endPoint, _options, _loggerFactory.CreateLogger("Adapters.Redis.PubSub"));
                await subscriber.ConnectAsync(cancellationToken).ConfigureAwait(false);
                if (_topology is Sentinel.SentinelTopology watched)
                {
                    watched.MasterChanged += subscriber.MoveTo;
                }

                _subscriber = subscriber;
            }

            return _subscriber;
        }
        finally
        {
            _subscriberGate.Release();
        }
    }

    private async ValueTask DisposeSubscriberAsync()
    {
        if (_subscriber is { } subscriber)
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
        }

        _subscriberGate.Dispose();
    }
}
