namespace Adapters.Redis;

/// <summary>Why a <see cref="RedisConnectionException"/> was raised.</summary>
public enum RedisConnectionFailure
{
    /// <summary>No connection could be opened (refused, unreachable, connect timeout).</summary>
    ConnectFailed,

    /// <summary>The connection broke while the command was written or awaited; it may or may not have run.</summary>
    ConnectionLost,

    /// <summary>The server refused the credentials (AUTH / HELLO).</summary>
    AuthenticationFailed,

    /// <summary>The server sent bytes that are not valid RESP; the connection was dropped.</summary>
    ProtocolError,

    /// <summary>The client is reconnecting and its backlog policy is fail-fast, or the backlog is full.</summary>
    NotConnected,

    /// <summary>The connection was disposed.</summary>
    Disposed,

    /// <summary>TLS negotiation failed (certificate rejected, protocol mismatch).</summary>
    TlsFailed,
}
