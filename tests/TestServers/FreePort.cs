using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Adapters.TestServers;

/// <summary>Hands out loopback ports that were free a moment ago, never the same one twice per test run.</summary>
internal static class FreePort
{
    // The OS may give the same ephemeral port to two quick bind(0) calls once the first is released;
    // remembering what we handed out keeps two of our own servers from racing for one port.
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }

        throw new InvalidOperationException("Could not find a free loopback port that was not handed out already.");
    }
}
