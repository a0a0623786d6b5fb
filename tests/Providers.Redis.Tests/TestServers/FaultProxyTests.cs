using System.Diagnostics;
using System.Net.Sockets;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.TestServers;

public sealed class FaultProxyTests(RedisServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_proxy_forwards_PING_and_PONG()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server);

        using var socket = await RawResp.ConnectAsync(proxy.Host, proxy.Port, Ct);

        Assert.NotEqual(server.Port, proxy.Port);
        Assert.Equal($"127.0.0.1:{proxy.Port}", proxy.EndPoint);
        Assert.Equal("+PONG", await RawResp.PingAsync(socket, Ct));
        Assert.Equal(1, proxy.ConnectionCount);
    }

    [Fact]
    public async Task A_blackhole_swallows_traffic_until_it_is_lifted()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server);
        using var socket = await RawResp.ConnectAsync(proxy.Host, proxy.Port, Ct);
        Assert.Equal("+PONG", await RawResp.PingAsync(socket, Ct));

        proxy.Blackhole(true);
        await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, Ct);

        // Lift the blackhole only once it has really swallowed the PING: a loaded machine may read it late.
        for (var i = 0; i < 200 && proxy.SwallowedBytes < 6; i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(6, proxy.SwallowedBytes);
        Assert.False(socket.Poll(TimeSpan.FromMilliseconds(300), SelectMode.SelectRead), "a reply came through the blackhole");
        proxy.Blackhole(false);
        Assert.Equal("+PONG", await RawResp.PingAsync(socket, Ct)); // the swallowed PING never reached the server
        Assert.False(socket.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead));
    }

    [Fact]
    public async Task DropConnectionsAsync_resets_the_client_connection()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server);
        using var socket = await RawResp.ConnectAsync(proxy.Host, proxy.Port, Ct);
        Assert.Equal("+PONG", await RawResp.PingAsync(socket, Ct));

        await proxy.DropConnectionsAsync();

        Assert.Equal(0, proxy.ConnectionCount);
        var reset = await Assert.ThrowsAsync<SocketException>(async () => await socket.ReceiveAsync(new byte[16], SocketFlags.None, Ct));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        using var again = await RawResp.ConnectAsync(proxy.Host, proxy.Port, Ct);
        Assert.Equal("+PONG", await RawResp.PingAsync(again, Ct));
    }

    [Fact]
    public async Task Delay_holds_back_each_chunk_in_both_directions()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server) { Delay = TimeSpan.FromMilliseconds(250) };
        using var socket = await RawResp.ConnectAsync(proxy.Host, proxy.Port, Ct);

        var watch = Stopwatch.StartNew();
        Assert.Equal("+PONG", await RawResp.PingAsync(socket, Ct));

        // A lower bound only: the request and the reply each waited once.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(450), $"round trip took {watch.ElapsedMilliseconds} ms");
    }
}
