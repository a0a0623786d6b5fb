using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.TestServers;

public sealed class RedisTlsTests(RedisServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_TLS_server_answers_PING_to_a_client_that_trusts_the_generated_CA()
    {
        var tls = await servers.GetTlsAsync();
        var validated = false;

        using var socket = await RawResp.ConnectAsync(tls.Server.Host, tls.Server.Port, Ct);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = tls.ServerName,
            ClientCertificates = [tls.ClientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                validated = (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                    && ChainsTo(certificate, tls.CaCertificate),
        }, Ct);

        Assert.True(validated);
        Assert.True(tls.Server.IsTls);
        Assert.Equal("+PONG", await RawResp.PingAsync(ssl, Ct));
        Assert.Equal("PONG", (await tls.Server.CliAsync("PING")).Trim());
    }

    [Fact]
    public async Task Without_the_generated_CA_the_server_certificate_is_not_trusted()
    {
        var tls = await servers.GetTlsAsync();

        using var socket = await RawResp.ConnectAsync(tls.Server.Host, tls.Server.Port, Ct);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));

        await Assert.ThrowsAsync<AuthenticationException>(() =>
            ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = tls.ServerName }, Ct));
    }

    [Fact]
    public async Task A_plain_TCP_PING_to_the_TLS_port_gets_no_PONG()
    {
        var tls = await servers.GetTlsAsync();

        using var socket = await RawResp.ConnectAsync(tls.Server.Host, tls.Server.Port, Ct);
        await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, Ct);
        var received = new StringBuilder();
        var buffer = new byte[256];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !Ct.IsCancellationRequested)
        {
            // A reset or silence is what a TLS port does with plain text; only a PONG would be wrong.
            received.Append($"[{ex.GetType().Name}]");
        }

        Assert.DoesNotContain("+PONG", received.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_requires_client_certificates_accepts_the_generated_one()
    {
        await using var tls = await servers.StartDedicatedTlsAsync("--tls-auth-clients", "yes");

        using var socket = await RawResp.ConnectAsync(tls.Server.Host, tls.Server.Port, Ct);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = tls.ServerName,
            ClientCertificates = [tls.ClientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => ChainsTo(certificate, tls.CaCertificate),
        }, Ct);

        Assert.True(tls.ClientCertificate.HasPrivateKey);
        Assert.Equal("+PONG", await RawResp.PingAsync(ssl, Ct));
    }

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf) && chain.ChainElements[^1].Certificate.Thumbprint == ca.Thumbprint;
    }
}
