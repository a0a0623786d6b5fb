using System.Net.Sockets;

namespace Adapters.TestServers;

/// <summary>One client connection through a <see cref="FaultProxy"/> and its upstream twin, pumped both ways.</summary>
internal sealed class ProxyConnection
{
    private readonly Socket _client;
    private readonly Socket _upstream;
    private readonly FaultProxy _proxy;
    private readonly CancellationTokenSource _stop = new();
    private int _closed;

    public ProxyConnection(Socket client, Socket upstream, FaultProxy proxy)
    {
        _client = client;
        _upstream = upstream;
        _proxy = proxy;
        proxy.Track(this); // before pumping starts, so an early close cannot untrack it before it is tracked
        Completion = RunAsync();
    }

    /// <summary>Completes once both directions have stopped and both sockets are closed.</summary>
    public Task Completion { get; }

    /// <summary>Closes the client side with a TCP reset (SO_LINGER 0), as a crashed peer or a dropped NAT entry would.</summary>
    public Task ResetAsync()
    {
        Close(reset: true);
        return Completion;
    }

    private async Task RunAsync()
    {
        // Yield so the accept loop goes back to accepting while this connection is pumped elsewhere.
        await Task.Yield();
        var toUpstream = PumpAsync(_client, _upstream);
        var toClient = PumpAsync(_upstream, _client);
        await Task.WhenAll(toUpstream, toClient).ConfigureAwait(false);
        Close(reset: false);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    // Half-close: pass the FIN on so the other side sees an orderly end of stream.
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (_proxy.IsBlackholed)
                {
                    _proxy.Swallowed(read);
                    continue;
                }

                var delay = _proxy.Delay;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away or we were told to stop: end the whole connection, as a real hop would.
            Close(reset: ex is SocketException);
        }
    }

    private void Close(bool reset)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        if (reset)
        {
            _client.LingerState = new LingerOption(true, 0);
        }

        _stop.Cancel();
        _client.Dispose();
        _upstream.Dispose();
        _proxy.Forget(this);
    }
}
