namespace Adapters.Redis.Connection;

/// <summary>What the handshake learned about the server behind a connection.</summary>
/// <param name="Version">The server version, e.g. 7.0.15.</param>
/// <param name="Protocol">2 or 3.</param>
/// <param name="ClientId">This connection's client id (CLIENT ID), for tracking redirection.</param>
/// <param name="Mode">standalone, cluster or sentinel.</param>
/// <param name="Role">master or replica.</param>
internal sealed record ServerInfo(Version Version, int Protocol, long ClientId, string Mode, string Role)
{
    public bool IsCluster => Mode == "cluster";

    public bool IsSentinel => Mode == "sentinel";
}
