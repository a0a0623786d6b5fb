using Xunit;

namespace Adapters.TestServers;

/// <summary>
/// Real redis-server topologies for one test assembly (register with
/// <c>[assembly: AssemblyFixture(typeof(RedisServers))]</c>): shared ones start lazily on first request, dedicated
/// ones are fresh for destructive tests. Without a usable redis-server, tests skip (fail under CI=true).
/// </summary>
public sealed class RedisServers : IAsyncLifetime
{
    private readonly Lazy<Task<RedisServerProcess>> _standalone;
    private readonly Lazy<Task<RedisClusterInfo>> _cluster;
    private readonly Lazy<Task<RedisSentinelInfo>> _sentinel;
    private readonly Lazy<Task<RedisTlsInfo>> _tls;
    private readonly List<IAsyncDisposable> _dedicated = [];
    private readonly Lock _dedicatedLock = new();
    private int _disposed;

    public RedisServers()
    {
        _standalone = Shared(StartStandaloneAsync);
        _cluster = Shared(RedisClusterInfo.StartAsync);
        _sentinel = Shared(RedisSentinelInfo.StartAsync);
        _tls = Shared(() => RedisTlsInfo.StartAsync());
    }

    /// <summary>The external server when ADAPTERS_REDIS=host[:port] is set (never started or stopped by us).</summary>
    public static (string Host, int Port)? ExternalServer => ParseExternal(Environment.GetEnvironmentVariable("ADAPTERS_REDIS"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>The shared standalone server (or the ADAPTERS_REDIS one). Shared: do not kill it or change its config.</summary>
    public async Task<RedisServerProcess> GetStandaloneAsync()
    {
        if (ExternalServer is null)
        {
            await RedisAvailability.RequireAsync().ConfigureAwait(false);
        }

        return await _standalone.Value.ConfigureAwait(false);
    }

    /// <summary>The shared 3-master, 3-replica cluster. Shared: use <see cref="StartDedicatedClusterAsync"/> to fail over or reshard.</summary>
    public async Task<RedisClusterInfo> GetClusterAsync()
    {
        await RedisAvailability.RequireAsync().ConfigureAwait(false);
        return await _cluster.Value.ConfigureAwait(false);
    }

    /// <summary>The shared master + replica + 3 sentinels. Shared: use <see cref="StartDedicatedSentinelAsync"/> to fail over.</summary>
    public async Task<RedisSentinelInfo> GetSentinelAsync()
    {
        await RedisAvailability.RequireAsync().ConfigureAwait(false);
        return await _sentinel.Value.ConfigureAwait(false);
    }

    /// <summary>The shared TLS-only server.</summary>
    public async Task<RedisTlsInfo> GetTlsAsync()
    {
        await RedisAvailability.RequireAsync().ConfigureAwait(false);
        return await _tls.Value.ConfigureAwait(false);
    }

    /// <summary>A fresh standalone server with extra redis-server arguments (e.g. "--requirepass", "secret"); the caller disposes it.</summary>
    public Task<RedisServerProcess> StartDedicatedAsync(params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(extraArgs);
        return Dedicated(() => RedisServerProcess.StartAsync(new ServerSpec { Name = "dedicated", ExtraArgs = [.. extraArgs] }));
    }

    /// <summary>A fresh TLS-only server with extra arguments (e.g. "--tls-auth-clients", "yes"); the caller disposes it.</summary>
    public Task<RedisTlsInfo> StartDedicatedTlsAsync(params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(extraArgs);
        return Dedicated(() => RedisTlsInfo.StartAsync([.. extraArgs]));
    }

    /// <summary>A fresh cluster for failover and resharding tests; the caller disposes it.</summary>
    public Task<RedisClusterInfo> StartDedicatedClusterAsync() => Dedicated(RedisClusterInfo.StartAsync);

    /// <summary>A fresh sentinel set for failover tests; the caller disposes it.</summary>
    public Task<RedisSentinelInfo> StartDedicatedSentinelAsync() => Dedicated(RedisSentinelInfo.StartAsync);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        IAsyncDisposable[] dedicated;
        lock (_dedicatedLock)
        {
            dedicated = [.. _dedicated];
            _dedicated.Clear();
        }

        foreach (var topology in dedicated)
        {
            await topology.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeSharedAsync(_standalone).ConfigureAwait(false);
        await DisposeSharedAsync(_cluster).ConfigureAwait(false);
        await DisposeSharedAsync(_sentinel).ConfigureAwait(false);
        await DisposeSharedAsync(_tls).ConfigureAwait(false);
    }

    internal static (string Host, int Port)? ParseExternal(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0 || value.EndsWith(']'))
        {
            return (value.Trim('[', ']'), 6379);
        }

        if (!int.TryParse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
        {
            throw new InvalidOperationException("ADAPTERS_REDIS must be host:port.");
        }

        return (value[..colon].Trim('[', ']'), port);
    }

    private static Lazy<Task<T>> Shared<T>(Func<Task<T>> start) =>
        new(() => Task.Run(start), LazyThreadSafetyMode.ExecutionAndPublication);

    private static Task<RedisServerProcess> StartStandaloneAsync() =>
        ExternalServer is { } external
            ? Task.FromResult(RedisServerProcess.External(external.Host, external.Port))
            : RedisServerProcess.StartAsync(new ServerSpec { Name = "standalone" });

    private static async Task DisposeSharedAsync<T>(Lazy<Task<T>> shared)
        where T : IAsyncDisposable
    {
        if (!shared.IsValueCreated)
        {
            return;
        }

        // A start that failed already failed the tests that asked for it, and left nothing running behind.
        await ((Task)shared.Value).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (shared.Value.IsCompletedSuccessfully)
        {
            await shared.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<T> Dedicated<T>(Func<Task<T>> start)
        where T : IAsyncDisposable
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await RedisAvailability.RequireAsync().ConfigureAwait(false);
        var topology = await start().ConfigureAwait(false);
        lock (_dedicatedLock)
        {
            _dedicated.Add(topology);
        }

        return topology;
    }
}
