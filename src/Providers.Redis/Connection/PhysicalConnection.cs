using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Connection;

/// <summary>
/// One socket to one server, shared by many concurrent callers. Commands are appended to a write buffer under a
/// short lock and whoever finds no flush running sends everything buffered in one write (natural pipelining, no
/// timer); replies are matched to commands in order by a read loop that completes callers inline.
/// </summary>
internal sealed partial class PhysicalConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly IPushHandler? _pushHandler;
    private readonly PendingQueue _pending = new();
    private readonly Action<PhysicalConnection, Exception>? _onBroken;
    private Socket? _socket;
    private Stream? _stream;
    private Task _readLoop = Task.CompletedTask;
    private ITimer? _heartbeat;
    private volatile ConnectionState _state = ConnectionState.Connecting;
    private Exception? _failure;

    private PhysicalConnection(RedisEndPoint endPoint, RedisOptions options, ILogger logger, IPushHandler? pushHandler, Action<PhysicalConnection, Exception>? onBroken)
    {
        EndPoint = endPoint;
        EndPointText = endPoint.ToString();
        _options = options;
        _logger = logger;
        _pushHandler = pushHandler;
        _onBroken = onBroken;
    }

    private enum ConnectionState
    {
        Connecting,
        Ready,
        Broken,
        Disposed,
    }

    public RedisEndPoint EndPoint { get; }

    public string EndPointText { get; }

    /// <summary>What the handshake learned; set once the connection is ready.</summary>
    public ServerInfo Server { get; private set; } = null!;

    public bool IsReady => _state == ConnectionState.Ready;

    /// <summary>Commands written and not yet answered: the load measure for least-pending selection.</summary>
    public int InFlight => _pending.Count;

    /// <summary>Opens the socket (and TLS), starts reading, and runs the handshake.</summary>
    /// <exception cref="RedisConnectionException">The server could not be reached, refused the credentials or TLS failed.</exception>
    public static async Task<PhysicalConnection> ConnectAsync(
        RedisEndPoint endPoint,
        RedisOptions options,
        ILogger logger,
        IPushHandler? pushHandler,
        Action<PhysicalConnection, Exception>? onBroken,
        CancellationToken cancellationToken)
    {
        var connection = new PhysicalConnection(endPoint, options, logger, pushHandler, onBroken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            connection.StartHeartbeat();
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            connection._state = ConnectionState.Ready;
            return connection;
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw ex switch
            {
                // Lost before it was ever ready (e.g. a TLS server refusing the client after the handshake): nothing ran.
                RedisConnectionException { Failure: RedisConnectionFailure.ConnectionLost } lost => new RedisConnectionException(RedisConnectionFailure.ConnectFailed, connection.EndPointText, lost.Operation, $"Redis at {connection.EndPointText} closed the connection while it was being set up: {lost.GetBaseException().Message}", lost),
                RedisConnectionException => ex,
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                OperationCanceledException => new RedisConnectionException(RedisConnectionFailure.ConnectFailed, connection.EndPointText, null, $"Connecting to Redis at {connection.EndPointText} timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms."),
                AuthenticationException => new RedisConnectionException(RedisConnectionFailure.TlsFailed, connection.EndPointText, null, $"TLS negotiation with Redis at {connection.EndPointText} failed: {ex.Message}", ex),
                RedisServerException server when IsAuthError(server) => new RedisConnectionException(RedisConnectionFailure.AuthenticationFailed, connection.EndPointText, server.Command, $"Redis at {connection.EndPointText} refused the credentials: {server.ErrorCode}.", ex),
                _ => new RedisConnectionException(RedisConnectionFailure.ConnectFailed, connection.EndPointText, null, $"Connecting to Redis at {connection.EndPointText} failed: {ex.Message}", ex),
            };
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_state == ConnectionState.Disposed)
        {
            return;
        }

        Fail(new RedisConnectionException(RedisConnectionFailure.Disposed, EndPointText, null, $"The connection to Redis at {EndPointText} was disposed."), notify: false);
        _state = ConnectionState.Disposed;
        await _readLoop.ConfigureAwait(false);
    }

    /// <summary>Breaks the connection: fails every command in flight and closes the socket. Idempotent.</summary>
    public void Fail(Exception cause, bool notify = true)
    {
        lock (_writeLock)
        {
            if (_state is ConnectionState.Broken or ConnectionState.Disposed)
            {
                return;
            }

            _state = ConnectionState.Broken;
            _failure = cause;
        }

        _heartbeat?.Dispose();
        ShutdownSocket();
        _stream?.Dispose();
        foreach (var pending in _pending.DrainAll())
        {
            pending.TryFail(LostWhileWaiting(pending, cause));
            pending.ReleaseFromConnection();
        }

        if (notify && cause is not RedisConnectionException { Failure: RedisConnectionFailure.Disposed })
        {
            ConnectionLog.Broken(_logger, EndPointText, cause);
            _onBroken?.Invoke(this, cause);
        }
    }

    // Every socket operation stays synchronous: one async call would switch the descriptor to non-blocking for good,
    // and .NET then emulates blocking reads through its async engine, adding a thread hop to every reply.
    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        var addresses = await System.Net.Dns.GetHostAddressesAsync(EndPoint.Host, cancellationToken).ConfigureAwait(false);
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        using (cancellationToken.UnsafeRegister(static state => ((PhysicalConnection)state!).ShutdownSocket(), this))
        {
            await Task.Run(
                () =>
                {
                    try
                    {
                        _socket.Connect(addresses, EndPoint.Port);
                        BlockingSocket.TryMakeBlocking(_socket);
                        _stream = _options.Ssl ? AuthenticateTls(new NetworkStream(_socket, ownsSocket: true)) : new NetworkStream(_socket, ownsSocket: true);
                    }
                    catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is SocketException or ObjectDisposedException or IOException)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        StartReading();
    }

    // Closing a descriptor does not wake a thread blocked in recv() on it; shutting the socket down does.
    private void ShutdownSocket()
    {
        if (_socket is not { } socket)
        {
            return;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Not connected (yet) or already closed: nothing is blocked on it.
        }

        socket.Dispose();
    }

    private SslStream AuthenticateTls(Stream inner)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        tls.AuthenticateAsClient(new SslClientAuthenticationOptions
        {
            TargetHost = _options.SslHost ?? EndPoint.Host,
            ClientCertificates = _options.ClientCertificates,
            EnabledSslProtocols = _options.SslProtocols,
            CertificateRevocationCheckMode = _options.CheckCertificateRevocation ? System.Security.Cryptography.X509Certificates.X509RevocationMode.Online : System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = _options.CertificateValidation,
        });
        return tls;
    }

    private Exception LostWhileWaiting(PendingReply pending, Exception cause) => cause switch
    {
        RedisConnectionException { Failure: RedisConnectionFailure.Disposed } => new RedisConnectionException(RedisConnectionFailure.Disposed, EndPointText, pending.Command.Name, $"The connection to Redis at {EndPointText} was disposed while {pending.Command.Name} was waiting for its reply.", cause),
        Protocol.RespProtocolException => new RedisConnectionException(RedisConnectionFailure.ProtocolError, EndPointText, pending.Command.Name, $"Redis at {EndPointText} sent invalid RESP while {pending.Command.Name} was waiting; the connection was dropped.", cause),
        _ => new RedisConnectionException(RedisConnectionFailure.ConnectionLost, EndPointText, pending.Command.Name, $"The connection to Redis at {EndPointText} was lost while {pending.Command.Name} was waiting for its reply; it may or may not have run.", cause),
    };

    private static bool IsAuthError(RedisServerException error)
        => error.ErrorCode is "NOAUTH" or "WRONGPASS" or "NOPERM" || (error.ErrorCode == "ERR" && error.ServerMessage?.Contains("AUTH", StringComparison.Ordinal) == true);

    // Milliseconds are enough for timeouts and idleness, and the coarse clock is far cheaper than Stopwatch.
    private static long Now => Environment.TickCount64;
}
