using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Adapters.TestServers;

/// <summary>
/// A deliberately tiny RESP2 connection for the harness's own admin traffic (readiness, CLUSTER, SENTINEL), so the
/// test infrastructure never depends on the Redis client it is used to test.
/// </summary>
internal sealed class RespConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RespConnection(Stream stream) => _stream = stream;

    public static async Task<RespConnection> ConnectAsync(string host, int port, SslClientAuthenticationOptions? tls, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(tls, cancellationToken).ConfigureAwait(false);
            }

            return new RespConnection(stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command (arguments are strings or byte arrays) and reads its reply; errors come back as replies.</summary>
    public async Task<RespReply> SendAsync(IReadOnlyList<object> arguments, CancellationToken cancellationToken)
    {
        using var request = new MemoryStream();
        WriteAscii(request, $"*{arguments.Count}\r\n");
        foreach (var argument in arguments)
        {
            var bytes = argument switch
            {
                byte[] raw => raw,
                string text => Encoding.UTF8.GetBytes(text),
                _ => Encoding.UTF8.GetBytes(Convert.ToString(argument, CultureInfo.InvariantCulture) ?? string.Empty),
            };
            WriteAscii(request, $"${bytes.Length}\r\n");
            request.Write(bytes);
            WriteAscii(request, "\r\n");
        }

        await _stream.WriteAsync(request.GetBuffer().AsMemory(0, (int)request.Length), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private static void WriteAscii(MemoryStream target, string text) => target.Write(Encoding.ASCII.GetBytes(text));

    private async Task<RespReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line.Length == 0)
        {
            throw new InvalidDataException("Empty RESP reply line.");
        }

        var rest = line[1..];
        switch ((char)line[0])
        {
            case '+':
                return RespReply.Simple(rest);
            case '-':
                return RespReply.Error(rest);
            case ':':
                return RespReply.Number(ParseNumber(rest));
            case '$':
                var length = ParseNumber(rest);
                if (length < 0)
                {
                    return RespReply.Nil;
                }

                var payload = await ReadExactAsync((int)length + 2, cancellationToken).ConfigureAwait(false);
                return RespReply.Bulk(payload[..^2]);
            case '*':
                var count = ParseNumber(rest);
                if (count < 0)
                {
                    return RespReply.Nil;
                }

                var items = new RespReply[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
                }

                return RespReply.Array(items);
            default:
                throw new InvalidDataException($"Unexpected RESP reply type '{(char)line[0]}'.");
        }
    }

    private static long ParseNumber(byte[] digits) =>
        long.Parse(Encoding.ASCII.GetString(digits), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private async Task<byte[]> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanFrom = _start;
        while (true)
        {
            var index = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (index > _start && _buffer[index - 1] == '\r')
            {
                var line = _buffer[_start..(index - 1)];
                _start = index + 1;
                return line;
            }

            scanFrom = _end;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                scanFrom -= _start;
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidDataException("RESP line longer than the read buffer.");
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = Math.Min(count, _end - _start);
        Buffer.BlockCopy(_buffer, _start, result, 0, copied);
        _start += copied;
        while (copied < count)
        {
            var read = await _stream.ReadAsync(result.AsMemory(copied), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The server closed the connection in the middle of a reply.");
            }

            copied += read;
        }

        return result;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }
}
