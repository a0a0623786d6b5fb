using System.Net.Sockets;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.TestServers;

public sealed class StandaloneServerTests(RedisServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_shared_server_answers_PING()
    {
        var server = await servers.GetStandaloneAsync();

        using var socket = await RawResp.ConnectAsync(server.Host, server.Port, Ct);
        Assert.Equal("+PONG", await RawResp.PingAsync(socket, Ct));
        Assert.Equal($"{server.Host}:{server.Port}", server.EndPoint);
    }

    [Fact]
    public async Task The_shared_server_listens_on_loopback_only_and_persists_nothing()
    {
        var server = await servers.GetStandaloneAsync();
        if (!server.IsOwned)
        {
            Assert.Skip("ADAPTERS_REDIS names an external server; its configuration is not ours.");
        }

        Assert.Equal("127.0.0.1", server.Host);
        Assert.Equal(["bind", "127.0.0.1"], Lines(await server.CliAsync("CONFIG", "GET", "bind")));
        Assert.Equal(["save", ""], Lines(await server.CliAsync("CONFIG", "GET", "save")));
        Assert.Equal(["appendonly", "no"], Lines(await server.CliAsync("CONFIG", "GET", "appendonly")));
    }

    [Fact]
    public async Task Concurrent_first_requests_share_one_server()
    {
        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(servers.GetStandaloneAsync, Ct)));

        Assert.All(all, server => Assert.Same(all[0], server));
    }

    [Fact]
    public async Task A_dedicated_server_can_be_killed_and_restarted_on_the_same_port()
    {
        await using var server = await servers.StartDedicatedAsync();
        var port = server.Port;
        Assert.Equal("OK", (await server.CliAsync("SET", "survivor", "1")).Trim());

        server.Kill();

        Assert.False(server.IsRunning);
        var refused = await Assert.ThrowsAsync<SocketException>(() => RawResp.ConnectAsync(server.Host, port, Ct));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        await server.RestartAsync();

        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        using var socket = await RawResp.ConnectAsync(server.Host, port, Ct);
        Assert.Equal("+PONG", await RawResp.PingAsync(socket, Ct));
        Assert.Equal(string.Empty, (await server.CliAsync("GET", "survivor")).Trim()); // nothing persisted across the crash
    }

    [Fact]
    public async Task Requirepass_and_ACL_users_of_a_dedicated_server_are_enforced()
    {
        await using var server = await servers.StartDedicatedAsync(
            "--requirepass", "s3cret", "--user", "alice", "on", ">wonderland", "~*", "+@all");

        var denied = await Assert.ThrowsAsync<InvalidOperationException>(() => server.CliAsync("PING"));
        Assert.Contains("NOAUTH", denied.Message, StringComparison.Ordinal);
        Assert.Equal("PONG", (await server.CliAsync("--pass", "s3cret", "PING")).Trim());
        Assert.Equal("alice", (await server.CliAsync("--user", "alice", "--pass", "wonderland", "ACL", "WHOAMI")).Trim());
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.CliAsync("--user", "alice", "--pass", "wrong", "PING"));
    }

    [Fact]
    public async Task CliAsync_throws_with_the_error_reply()
    {
        var server = await servers.GetStandaloneAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.CliAsync("NOSUCHCOMMAND"));

        Assert.Contains("unknown command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_cannot_start_fails_with_its_own_explanation()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => servers.StartDedicatedAsync("--no-such-directive", "1"));

        Assert.Contains("exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-directive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_dedicated_server_stops_it_and_removes_its_directory()
    {
        var server = await servers.StartDedicatedAsync();
        var directory = server.DataDirectory;
        Assert.True(Directory.Exists(directory));
        Assert.True(File.Exists(Path.Combine(directory!, "redis.log")));

        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.False(Directory.Exists(directory));
        var refused = await Assert.ThrowsAsync<SocketException>(() => RawResp.ConnectAsync(server.Host, server.Port, Ct));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    /// <summary>redis-cli prints one line per reply element; only the final newline is not part of the reply.</summary>
    private static string[] Lines(string output) => (output.EndsWith('\n') ? output[..^1] : output).Split('\n');
}
