namespace Adapters.TestServers;

/// <summary>What kind of redis-server process to launch; the port is chosen at launch.</summary>
internal sealed class ServerSpec
{
    /// <summary>Prefix of the process's temp directory, so a leftover directory says what it was.</summary>
    public required string Name { get; init; }

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    public bool ClusterEnabled { get; init; }

    /// <summary>Sentinel-specific lines of sentinel.conf; the process runs with --sentinel when set.</summary>
    public string? SentinelConfig { get; init; }

    /// <summary>Serve TLS only (port 0, tls-port N) with these certificates.</summary>
    public TestCertificates? Tls { get; init; }
}
