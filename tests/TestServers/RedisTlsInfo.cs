using System.Security.Cryptography.X509Certificates;

namespace Adapters.TestServers;

/// <summary>A TLS-only redis-server with the throw-away CA and client certificate that go with it.</summary>
public sealed class RedisTlsInfo : IAsyncDisposable
{
    private readonly TestCertificates _certificates;

    private RedisTlsInfo(RedisServerProcess server, TestCertificates certificates)
    {
        Server = server;
        _certificates = certificates;
    }

    /// <summary>Listens for TLS only: its plain port is disabled (port 0) and <see cref="RedisServerProcess.Port"/> is the tls-port.</summary>
    public RedisServerProcess Server { get; }

    /// <summary>The CA that signed the server and client certificates; trust it in a custom validation callback.</summary>
    public X509Certificate2 CaCertificate => _certificates.Ca;

    /// <summary>Client certificate with its private key (the server asks for one but does not require it).</summary>
    public X509Certificate2 ClientCertificate => _certificates.Client;

    /// <summary>The name the server certificate is issued to (it also carries IP 127.0.0.1).</summary>
    public string ServerName => TestCertificates.ServerName;

    public string CaCertificatePath => _certificates.CaCertificatePath;

    public string ClientCertificatePath => _certificates.ClientCertificatePath;

    public string ClientKeyPath => _certificates.ClientKeyPath;

    /// <summary>"127.0.0.1:port,ssl=true,sslHost=localhost" in StackExchange.Redis's format.</summary>
    public string ConfigurationString => $"{Server.EndPoint},ssl=true,sslHost={ServerName}";

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        _certificates.Dispose();
    }

    internal static async Task<RedisTlsInfo> StartAsync(params string[] extraArgs)
    {
        var certificates = TestCertificates.Create();
        try
        {
            var server = await RedisServerProcess.StartAsync(new ServerSpec { Name = "tls", Tls = certificates, ExtraArgs = extraArgs }).ConfigureAwait(false);
            return new RedisTlsInfo(server, certificates);
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }
}
