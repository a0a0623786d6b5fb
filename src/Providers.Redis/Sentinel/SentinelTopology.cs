using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Sentinel;

/// <summary>
/// The master a set of sentinels names for a service: found with <c>SENTINEL get-master-addr-by-name</c>, followed
/// on <c>+switch-master</c>, and asked for again while the master cannot be reached, while no sentinel is watched (the
/// watched one is down, so switch messages would be missed) and once after the watch came back (it may have missed one).
/// </summary>
internal sealed class SentinelTopology : IRedisTopology
{
    private static readonly RedisCommand SentinelCommand = RedisCommand.Of("SENTINEL");
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly RedisOptions _options;
    private readonly RedisOptions _sentinelOptions;
    private readonly ILogger _logger;
    private readonly ConnectionPool _master;
    private readonly CancellationTokenSource _lifetime = new();
    private Subscriber? _watch;
    private Task _recheck = Task.CompletedTask;
    private volatile bool _watchResumed;

    private SentinelTopology(RedisOptions options, RedisOptions sentinelOptions, ILogger logger, RedisEndPoint master)
    {
        _options = options;
        _sentinelOptions = sentinelOptions;
        _logger = logger;
        _master = new ConnectionPool(master, options, logger, options.EffectivePoolSize);
        _master.Reconnected += _ => Reconnected?.Invoke();
    }

    public event Action? Reconnected;

    /// <summary>Raised when the sentinels switched the service to another master.</summary>
    public event Action<RedisEndPoint>? MasterChanged;

    public string Kind => "sentinel";

    public bool IsConnected => _master.IsConnected;

    public RedisEndPoint Master => _master.EndPoint;

    public IReadOnlyList<IRedisExecutor> Masters => _master.Masters;

    public static async Task<SentinelTopology> ConnectAsync(RedisOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        // Sentinels are addressed without the data servers' credentials or database.
        var sentinelOptions = options.Clone();
        sentinelOptions.User = null;
        sentinelOptions.Password = null;
        sentinelOptions.DefaultDatabase = 0;
        var master = await AskSentinelsAsync(options.ServiceName!, options.EndPoints, sentinelOptions, logger, cancellationToken).ConfigureAwait(false);
        var topology = new SentinelTopology(options, sentinelOptions, logger, master);
        await topology._master.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await topology.WatchAsync(cancellationToken).ConfigureAwait(false);
        topology._recheck = topology.RecheckWhileUnsureAsync();
        return topology;
    }

    public ValueTask<T> ExecuteAsync<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken, int keyIndex = -1)
        => _master.ExecuteAsync(command, args, parser, cancellationToken, keyIndex);

    public void Send(ReadOnlySpan<byte> encoded, PendingReply pending, string? routingKey) => _master.Send(encoded, pending);

    public ValueTask<DedicatedConnection> LeaseAsync(string? routingKey, CancellationToken cancellationToken) => _master.LeaseAsync(routingKey, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _recheck.ConfigureAwait(false);
        if (_watch is not null)
        {
            await _watch.DisposeAsync().ConfigureAwait(false);
        }

        await _master.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private static async Task<RedisEndPoint> AskSentinelsAsync(string service, IEnumerable<RedisEndPoint> sentinels, RedisOptions sentinelOptions, ILogger logger, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var sentinel in sentinels)
        {
            await using var pool = new ConnectionPool(sentinel, sentinelOptions, logger, size: 1);
            try
            {
                await pool.ConnectAsync(cancellationToken).ConfigureAwait(false);
                var address = await pool.ExecuteAsync(SentinelCommand, ["get-master-addr-by-name", service], Replies.Value, cancellationToken).ConfigureAwait(false);
                if (address.IsNull || address.Items.Count < 2)
                {
                    last = new RedisConnectionException(RedisConnectionFailure.ConnectFailed, sentinel.ToString(), "SENTINEL", $"Sentinel {sentinel} does not know the service '{service}'.");
                    continue;
                }

                return new RedisEndPoint(address.Items[0].AsString()!, (int)address.Items[1].AsInt64());
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisServerException or RedisTimeoutException)
            {
                last = ex;
            }
        }

        throw last as RedisConnectionException
            ?? new RedisConnectionException(RedisConnectionFailure.ConnectFailed, string.Join(",", sentinels), "SENTINEL", $"No sentinel could name the master of '{service}'.", last);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        foreach (var sentinel in _options.EndPoints)
        {
            var watch = new Subscriber(sentinel, _sentinelOptions, _logger);
            try
            {
                await watch.ConnectAsync(cancellationToken).ConfigureAwait(false);
                await watch.SubscribeAsync(SubscriptionKind.Channel, "+switch-master", OnSwitchMaster, cancellationToken).ConfigureAwait(false);
                watch.Reconnected += () => _watchResumed = true;
                _watch = watch;
                return;
            }
            catch (RedisConnectionException ex)
            {
                SentinelLog.WatchFailed(_logger, sentinel.ToString(), ex);
                await watch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // "+switch-master <service> <old-ip> <old-port> <new-ip> <new-port>"
    private void OnSwitchMaster(RedisMessage message)
    {
        var parts = System.Text.Encoding.UTF8.GetString(message.Payload).Split(' ');
        if (parts.Length == 5 && parts[0] == _options.ServiceName && int.TryParse(parts[4], out var port))
        {
            MoveTo(new RedisEndPoint(parts[3], port));
        }
    }

    private void MoveTo(RedisEndPoint master)
    {
        if (master == _master.EndPoint)
        {
            return;
        }

        SentinelLog.MasterSwitched(_logger, _options.ServiceName!, _master.EndPoint.ToString(), master.ToString());
        _master.MoveTo(master);
        MasterChanged?.Invoke(master);
    }

    private async Task RecheckWhileUnsureAsync()
    {
        try
        {
            while (!_lifetime.IsCancellationRequested)
            {
                await Task.Delay(RecheckInterval, _lifetime.Token).ConfigureAwait(false);

                // A master we are connected to may have been demoted meanwhile (it answers READONLY then), which only
                // the sentinels can tell when their switch message did not reach us.
                if (_master.IsConnected && _watch is { IsConnected: true } && !_watchResumed)
                {
                    continue;
                }

                _watchResumed = false;
                try
                {
                    MoveTo(await AskSentinelsAsync(_options.ServiceName!, _options.EndPoints, _sentinelOptions, _logger, _lifetime.Token).ConfigureAwait(false));
                }
                catch (RedisConnectionException ex)
                {
                    SentinelLog.WatchFailed(_logger, string.Join(",", _options.EndPoints), ex);
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}
