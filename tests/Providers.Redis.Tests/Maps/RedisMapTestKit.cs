using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Maps;

/// <summary>Shared helpers of the Redis map tests: a connection to the shared server, unique names, feed draining.</summary>
public abstract class RedisMapTestKit(RedisServers servers) : IAsyncLifetime
{
    protected static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private RedisConnection? _connection;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected RedisServers Servers { get; } = servers;

    protected RedisServerProcess Server { get; private set; } = null!;

    protected RedisConnection Connection => _connection!;

    private protected IRedisExecutor Redis => Connection.Executor;

    protected RedisMapStore Store { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await Servers.GetStandaloneAsync();
        _connection = await RedisConnection.ConnectAsync(Server.EndPoint, cancellationToken: Ct);
        Store = new RedisMapStore(_connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected IChangeTrackingMap<string, TValue> Open<TValue>(string name, ChangeScanStrategy strategy = ChangeScanStrategy.SortedIndex)
        => Store.GetMap(name, new RedisMapOptions<string, TValue> { Strategy = strategy });

    protected static async Task<List<ChangeEntry<string, TValue>>> DrainAsync<TValue>(IChangeFeed<string, TValue> feed, string group, int maxCount = 1000)
    {
        var all = new List<ChangeEntry<string, TValue>>();
        while (true)
        {
            var batch = await feed.ReadChangesAsync(group, new ChangeReadOptions(Quiet, maxCount), Ct);
            all.AddRange(batch.Entries);
            Assert.True(await feed.CommitAsync(group, batch.Checkpoint, batch.HighWaterMark, cancellationToken: Ct));
            if (!batch.HasMore)
            {
                return all;
            }
        }
    }

    protected static Task PassQuietAsync() => Task.Delay(Quiet + TimeSpan.FromMilliseconds(60), Ct);

    /// <summary>A server and store of their own, for tests that count commands (counts are per server).</summary>
    private protected async Task<DedicatedStore> DedicatedAsync()
    {
        var server = await Servers.StartDedicatedAsync();
        var connection = await RedisConnection.ConnectAsync(server.EndPoint, cancellationToken: Ct);
        return new DedicatedStore(server, connection, new RedisMapStore(connection));
    }

    private protected static async Task<long> CommandCallsAsync(IRedisExecutor redis, string command)
    {
        var stats = await redis.InfoAsync("commandstats", Ct);
        var line = stats.Split('\n').FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private protected sealed record DedicatedStore(RedisServerProcess Server, RedisConnection Connection, RedisMapStore Store) : IAsyncDisposable
    {
        public IRedisExecutor Redis => Connection.Executor;

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
