using System.Diagnostics;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class ConnectionLifecycleTests(RedisServers servers)
{
    private const string Password = "s3cret-Pa55";

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Requirepass_AUTH_and_ACL_users_authenticate(RedisProtocol protocol)
    {
        await using var server = await servers.StartDedicatedAsync("--requirepass", Password, "--user", "alice", "on", ">wonderland", "~*", "+@all");

        await using (var asDefault = await ConnectAsync(server, options =>
        {
            options.Protocol = protocol;
            options.Password = Password;
        }))
        {
            Assert.Equal("default", (await asDefault.RawAsync("ACL", "WHOAMI")).AsString());
            Assert.True(await asDefault.Executor.SetAsync("k", "v", cancellationToken: Ct).Bounded());
        }

        await using var asAlice = await RedisConnection.ConnectAsync($"{server.EndPoint},user=alice,password=wonderland,protocol={protocol.ToString().ToLowerInvariant()}", cancellationToken: Ct).WaitAsync(Bound, Ct);
        Assert.Equal("alice", (await asAlice.RawAsync("ACL", "WHOAMI")).AsString());
        Assert.Equal("v", Text(await asAlice.Executor.GetAsync("k", Ct).Bounded()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("alice")]
    public async Task A_wrong_password_fails_as_AuthenticationFailed_without_revealing_the_password(string? user)
    {
        await using var server = await servers.StartDedicatedAsync("--requirepass", Password, "--user", "alice", "on", ">wonderland", "~*", "+@all");
        const string Wrong = "Wr0ng-Guess-42";

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(server, options =>
        {
            options.User = user;
            options.Password = Wrong;
        }));

        Assert.Equal(RedisConnectionFailure.AuthenticationFailed, error.Failure);
        Assert.Equal(server.EndPoint, error.EndPoint);
        Assert.DoesNotContain(Wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_password_against_requirepass_fails_as_AuthenticationFailed()
    {
        await using var server = await servers.StartDedicatedAsync("--requirepass", Password);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(server));

        Assert.Equal(RedisConnectionFailure.AuthenticationFailed, error.Failure);
    }

    [Fact]
    public async Task DefaultDatabase_selects_that_database_on_every_connection()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options => options.DefaultDatabase = 3);
        var keys = Enumerable.Range(0, 8).Select(_ => Key("db3")).ToArray();

        // Concurrent, so the writes spread over every connection of the pool.
        await Task.WhenAll(keys.Select(key => redis.Executor.SetAsync(key, "in three", cancellationToken: Ct).Bounded()));

        foreach (var key in keys)
        {
            Assert.Equal("in three", (await server.CliAsync("-n", "3", "GET", key)).TrimEnd('\n'));
            Assert.Equal(string.Empty, (await server.CliAsync("-n", "0", "GET", key)).Trim());
        }

        Assert.Equal(3, (await redis.RawAsync("CLIENT", "INFO")).AsString()!.Split([' ', '\n']).Where(field => field.StartsWith("db=", StringComparison.Ordinal)).Select(field => int.Parse(field[3..], System.Globalization.CultureInfo.InvariantCulture)).Single());
    }

    [Fact]
    public async Task The_client_name_shows_in_CLIENT_LIST_for_every_pooled_connection()
    {
        var server = await servers.GetStandaloneAsync();
        var name = $"adapters-test-{Guid.NewGuid():N}";

        await using (var redis = await RedisConnection.ConnectAsync($"{server.EndPoint},name={name},poolSize=3", cancellationToken: Ct).WaitAsync(Bound, Ct))
        {
            var clients = (await server.CliAsync("CLIENT", "LIST")).Split('\n').Where(line => line.Contains($" name={name} ", StringComparison.Ordinal)).ToArray();
            Assert.Equal(3, clients.Length);
            Assert.Equal(name, (await redis.RawAsync("CLIENT", "GETNAME")).AsString());
        }

        await UntilAsync(async () => !(await server.CliAsync("CLIENT", "LIST")).Contains(name, StringComparison.Ordinal), "disposed connections to close");
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2, 2)]
    [InlineData(RedisProtocol.Resp3, 3)]
    [InlineData(RedisProtocol.Auto, 3)]
    public async Task The_protocol_option_decides_what_HELLO_negotiates(RedisProtocol protocol, int expected)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);

        var info = (await redis.RawAsync("CLIENT", "INFO")).AsString()!;
        var pool = Assert.IsType<ConnectionPool>(Assert.Single(redis.Executor.Masters));

        Assert.Contains($"resp={expected}", info.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expected, pool.Server!.Protocol);
        Assert.Equal("standalone", redis.Topology);
        Assert.True(redis.IsConnected);
        // The reply shapes differ (RESP3 maps and doubles); the client reads both the same way.
        var key = Key("proto");
        await redis.Executor.HashSetAsync(key, "f", "v", Ct).Bounded();
        Assert.Equal("f", Text(Assert.Single(await redis.Executor.HashGetAllAsync(key, Ct).Bounded()).Key));
    }

    [Fact]
    public async Task A_blackholed_server_fails_the_connect_with_ConnectFailed_once_the_timeout_elapses()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server);
        proxy.Blackhole(true);
        var options = RedisOptions.Parse($"{proxy.EndPoint},connectTimeout=300,connectRetry=1");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(options, cancellationToken: Ct).WaitAsync(Bound, Ct));

        Assert.Equal(RedisConnectionFailure.ConnectFailed, error.Failure);
        Assert.Equal(proxy.EndPoint, error.EndPoint);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"gave up after {clock.Elapsed}, before the connect timeout");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"a 300 ms connect timeout took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_closed_port_fails_with_ConnectFailed_without_waiting_for_the_connect_timeout()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync($"127.0.0.1:{port},connectTimeout=60000", cancellationToken: Ct).WaitAsync(Bound, Ct));

        Assert.Equal(RedisConnectionFailure.ConnectFailed, error.Failure);
        Assert.Equal($"127.0.0.1:{port}", error.EndPoint);
        // Refusal is immediate; only a client that ignored it would come near the 60 s connect timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task With_abortConnect_false_an_unreachable_server_is_connected_once_it_starts()
    {
        await using var server = await servers.StartDedicatedAsync();
        server.Kill();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.AbortOnConnectFail = false;
            options.ConnectRetry = 1;
            options.AsyncTimeout = TimeSpan.FromSeconds(15);
        });
        Assert.False(redis.IsConnected);
        var queued = redis.Executor.IncrementAsync("started-later", cancellationToken: Ct).Bounded();

        await server.RestartAsync();

        Assert.Equal(1, await queued);
        await UntilAsync(() => redis.IsConnected, "the connection to be ready");
    }

    [Fact]
    public async Task Disposing_fails_later_commands_with_Disposed()
    {
        var server = await servers.GetStandaloneAsync();
        var redis = await ConnectAsync(server);
        await redis.DisposeAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => redis.Executor.GetAsync(Key("disposed"), Ct).Bounded());

        Assert.Equal(RedisConnectionFailure.Disposed, error.Failure);
        Assert.False(redis.IsConnected);
    }

    [Fact]
    public async Task A_stalled_connection_times_commands_out_and_disposing_fails_the_ones_in_flight()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server);
        var redis = await RedisConnection.ConnectAsync($"{proxy.EndPoint},poolSize=1,asyncTimeout=300", cancellationToken: Ct).WaitAsync(Bound, Ct);
        var key = Key("stalled");
        await redis.Executor.SetAsync(key, "v", cancellationToken: Ct).Bounded();
        proxy.Blackhole(true);

        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => redis.Executor.GetAsync(key, Ct).Bounded());
        Assert.Equal(key, timeout.Key);
        var inFlight = redis.Executor.GetAsync(key, Ct).Bounded();
        await redis.DisposeAsync();

        var disposed = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight);
        Assert.Equal(RedisConnectionFailure.Disposed, disposed.Failure);
        Assert.Equal("GET", disposed.Operation);
    }
}
