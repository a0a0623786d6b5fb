using Adapters.Redis.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Adapters.Redis;

/// <summary>
/// A multiplexed connection to Redis — a single server, a cluster, or the master a sentinel names — shared by every
/// provider and caller in a process, like StackExchange.Redis's ConnectionMultiplexer. Create one and keep it.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IRedisTopology _topology;

    private RedisConnection(RedisOptions options, ILoggerFactory loggerFactory, IRedisTopology topology)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _topology = topology;
    }

    /// <summary>A copy of the options the connection was made with.</summary>
    public RedisOptions Options => _options.Clone();

    /// <summary>Whether at least one connection to the server (every master, on a cluster) is ready.</summary>
    public bool IsConnected => _topology.IsConnected;

    /// <summary>What is on the other side: <c>standalone</c>, <c>cluster</c> or <c>sentinel</c>.</summary>
    public string Topology => _topology.Kind;

    internal IRedisExecutor Executor => _topology;

    internal ILoggerFactory LoggerFactory => _loggerFactory;

    /// <summary>Connects with a StackExchange.Redis-style configuration string (<c>host:port,password=…,ssl=true</c>).</summary>
    public static Task<RedisConnection> ConnectAsync(string configuration, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
        => ConnectAsync(RedisOptions.Parse(configuration), loggerFactory, cancellationToken);

    /// <summary>Connects with the given options: a sentinel set when a service name is given, else a server or a cluster.</summary>
    /// <exception cref="RedisConnectionException">No server could be reached and <see cref="RedisOptions.AbortOnConnectFail"/> is set.</exception>
    public static async Task<RedisConnection> ConnectAsync(RedisOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var own = options.Clone();
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        var topology = await ConnectTopologyAsync(own, factory, cancellationToken).ConfigureAwait(false);
        return new RedisConnection(own, factory, topology);
    }

    /// <summary>Closes every connection; commands still waiting fail with <see cref="RedisConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeShardSubscribersAsync().ConfigureAwait(false);
        await DisposeSubscriberAsync().ConfigureAwait(false);
        await _topology.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Topology} {_options}";
}
