using System.Net.Sockets;
using System.Text;

namespace Adapters.Redis.Tests.TestServers;

/// <summary>Just enough RESP to check the servers independently of the client under test.</summary>
internal static class RawResp
{
    public static async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port, cancellationToken);
        return socket;
    }

    /// <summary>Sends an inline PING and returns the first reply line (e.g. "+PONG").</summary>
    public static async Task<string> PingAsync(Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        return await ReadLineAsync(stream, cancellationToken);
    }

    public static async Task<string> PingAsync(Socket socket, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        return await PingAsync(stream, cancellationToken);
    }

    /// <summary>Reads one CRLF-terminated line byte by byte, so nothing after it is consumed.</summary>
    public static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            var read = await stream.ReadAsync(one, cancellationToken);
            if (read == 0)
            {
                throw new IOException("Connection closed before a full line arrived: " + line);
            }

            if (one[0] == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)one[0]);
        }
    }
}
