using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Adapters.TestServers;

/// <summary>A TCP proxy on a free loopback port in front of a server, for fault tests: blackhole, latency, connection resets.</summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<ProxyConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private long _delayTicks;
    private volatile bool _blackholed;
    private long _swallowedBytes;

    public FaultProxy(string targetHost, int targetPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetPort, IPEndPoint.MaxPort);
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public FaultProxy(RedisServerProcess target)
        : this(target?.Host ?? throw new ArgumentNullException(nameof(target)), target.Port)
    {
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string EndPoint => $"{Host}:{Port}";

    /// <summary>Connections currently open through the proxy.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Latency added before each chunk is forwarded, in either direction.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _delayTicks, value.Ticks);
        }
    }

    internal bool IsBlackholed => _blackholed;

    /// <summary>How many bytes the blackhole has swallowed so far (tests wait on it instead of on the clock).</summary>
    public long SwallowedBytes => Interlocked.Read(ref _swallowedBytes);

    internal void Swallowed(int bytes) => Interlocked.Add(ref _swallowedBytes, bytes);

    /// <summary>While on, connections are still accepted but bytes in either direction are read and dropped.</summary>
    public void Blackhole(bool on) => _blackholed = on;

    /// <summary>Resets every open connection (the client sees ECONNRESET) and waits until they are gone.</summary>
    public Task DropConnectionsAsync() => Task.WhenAll(_connections.Keys.Select(connection => connection.ResetAsync()));

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        await DropConnectionsAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    internal void Track(ProxyConnection connection) => _connections.TryAdd(connection, 0);

    internal void Forget(ProxyConnection connection) => _connections.TryRemove(connection, out _);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (_stop.IsCancellationRequested && ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                upstream.Dispose();
                client.Dispose();
                return;
            }
            catch (SocketException)
            {
                // The target is down: the client gets what it would get from the real server, a refused (reset) connection.
                upstream.Dispose();
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            _ = new ProxyConnection(client, upstream, this);
        }
    }
}
