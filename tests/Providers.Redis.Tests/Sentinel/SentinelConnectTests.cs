using System.Text;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Tests.Cluster;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Sentinel;

/// <summary>Finding the master through the shared sentinel set, and the errors when that cannot work.</summary>
public sealed class SentinelConnectTests(RedisServers servers)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sentinel_configuration_string_connects_to_the_master_the_sentinels_name()
    {
        var sentinel = await servers.GetSentinelAsync();
        await using var connection = await RedisConnection.ConnectAsync(sentinel.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);

        Assert.Equal("sentinel", connection.Topology);
        Assert.True(connection.IsConnected);
        var master = Assert.IsType<ConnectionPool>(Assert.Single(connection.Executor.Masters));
        Assert.Equal(sentinel.Master.Port, master.EndPoint.Port);

        var prefix = $"sentinel:{Guid.NewGuid():N}:";
        var keys = Enumerable.Range(0, 20).Select(i => prefix + i).ToArray();
        await Task.WhenAll(keys.Select(key => connection.Executor.SetAsync(key, "value of " + key, cancellationToken: Ct).AsTask())).WaitAsync(Limit, Ct);

        // The writes are on the master itself, which says so.
        Assert.Equal("master", await NodeInspection.RoleAsync(sentinel.Master));
        Assert.Equal(keys.Order(StringComparer.Ordinal), (await NodeInspection.KeysAsync(sentinel.Master, prefix + "*")).Order(StringComparer.Ordinal));
        foreach (var key in keys)
        {
            Assert.Equal("value of " + key, await NodeInspection.GetAsync(sentinel.Master, key));
            Assert.Equal("value of " + key, Encoding.UTF8.GetString((await connection.Executor.GetAsync(key, Ct))!));
        }
    }

    [Fact]
    public async Task An_unreachable_sentinel_is_skipped_for_the_next_one()
    {
        var sentinel = await servers.GetSentinelAsync();
        var configuration = $"127.0.0.1:{ClusterConnectTests.ClosedPort()},{sentinel.ConfigurationString},connectTimeout=2000,connectRetry=1";

        await using var connection = await RedisConnection.ConnectAsync(configuration, cancellationToken: Ct).WaitAsync(Limit, Ct);

        Assert.Equal("sentinel", connection.Topology);
        Assert.Equal(sentinel.Master.Port, ((ConnectionPool)connection.Executor.Masters[0]).EndPoint.Port);
        Assert.True(await connection.Executor.PingAsync(Ct));
    }

    [Fact]
    public async Task A_service_the_sentinels_do_not_monitor_fails_with_a_connection_error_naming_it()
    {
        var sentinel = await servers.GetSentinelAsync();
        var sentinels = string.Join(',', sentinel.Sentinels.Select(node => node.EndPoint));

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync($"{sentinels},serviceName=no-such-service", cancellationToken: Ct).WaitAsync(Limit, Ct));

        Assert.Equal(RedisConnectionFailure.ConnectFailed, error.Failure);
        Assert.Contains("'no-such-service'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sentinel_list_nobody_answers_fails_with_ConnectFailed()
    {
        var configuration = $"127.0.0.1:{ClusterConnectTests.ClosedPort()},127.0.0.1:{ClusterConnectTests.ClosedPort()},serviceName=mymaster,connectTimeout=1000,connectRetry=1";

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(configuration, cancellationToken: Ct).WaitAsync(Limit, Ct));

        Assert.Equal(RedisConnectionFailure.ConnectFailed, error.Failure);
        Assert.Contains("127.0.0.1:", error.EndPoint, StringComparison.Ordinal);
    }
}
