using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class TlsTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Connects_over_TLS_with_a_callback_that_checks_the_chain_against_the_CA(RedisProtocol protocol)
    {
        var tls = await servers.GetTlsAsync();
        var options = RedisOptions.Parse(tls.ConfigurationString);
        options.Protocol = protocol;
        var validated = 0;
        options.CertificateValidation = (_, certificate, _, errors) =>
        {
            Interlocked.Increment(ref validated);
            return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && ChainsTo(certificate, tls.CaCertificate);
        };

        await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct).WaitAsync(Bound, Ct);
        var key = Key("tls");
        var value = new byte[256 * 1024];
        new Random(7).NextBytes(value);
        await redis.Executor.SetAsync(key, value, cancellationToken: Ct).Bounded();

        Assert.Equal(value, await redis.Executor.GetAsync(key, Ct).Bounded());
        Assert.Equal(options.EffectivePoolSize, Volatile.Read(ref validated)); // once per pooled connection
        Assert.Contains("262144", await tls.Server.CliAsync("STRLEN", key), StringComparison.Ordinal);
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => redis.Executor.IncrementAsync(key + ":n", cancellationToken: Ct).Bounded()));
        Assert.Equal(Enumerable.Range(1, 200), results.Select(result => (int)result).Order());
    }

    [Fact]
    public async Task A_callback_that_rejects_the_certificate_fails_the_connect_as_TlsFailed()
    {
        var tls = await servers.GetTlsAsync();
        var options = RedisOptions.Parse(tls.ConfigurationString);
        options.ConnectRetry = 1;
        options.CertificateValidation = (_, _, _, _) => false;

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(options, cancellationToken: Ct).WaitAsync(Bound, Ct));

        Assert.Equal(RedisConnectionFailure.TlsFailed, error.Failure);
        Assert.Equal(tls.Server.EndPoint, error.EndPoint);
    }

    [Fact]
    public async Task Without_a_callback_an_untrusted_CA_fails_as_TlsFailed()
    {
        var tls = await servers.GetTlsAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync($"{tls.ConfigurationString},connectRetry=1", cancellationToken: Ct).WaitAsync(Bound, Ct));

        Assert.Equal(RedisConnectionFailure.TlsFailed, error.Failure);
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("not-the-server.example", false)]
    public async Task SslHost_is_the_name_the_server_certificate_is_checked_against(string sslHost, bool accepted)
    {
        var tls = await servers.GetTlsAsync();
        var options = RedisOptions.Parse($"{tls.Server.EndPoint},ssl=true,sslHost={sslHost},connectRetry=1");
        string? targetHost = null;
        options.CertificateValidation = (sender, certificate, _, errors) =>
        {
            targetHost = ((SslStream)sender).TargetHostName;
            return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && ChainsTo(certificate, tls.CaCertificate);
        };

        if (accepted)
        {
            await using var redis = await RedisConnection.ConnectAsync(options, cancellationToken: Ct).WaitAsync(Bound, Ct);
            Assert.True(await redis.Executor.PingAsync(Ct).Bounded());
        }
        else
        {
            var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(options, cancellationToken: Ct).WaitAsync(Bound, Ct));
            Assert.Equal(RedisConnectionFailure.TlsFailed, error.Failure);
        }

        Assert.Equal(sslHost, targetHost);
    }

    [Fact]
    public async Task A_server_requiring_client_certificates_refuses_a_client_without_one_and_accepts_ClientCertificates()
    {
        await using var tls = await servers.StartDedicatedTlsAsync("--tls-auth-clients", "yes");
        RedisOptions Options()
        {
            var options = RedisOptions.Parse($"{tls.ConfigurationString},connectRetry=1,connectTimeout=5000");
            options.CertificateValidation = (_, certificate, _, _) => ChainsTo(certificate, tls.CaCertificate);
            return options;
        }

        var refused = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(Options(), cancellationToken: Ct).WaitAsync(Bound, Ct));
        Assert.True(refused.Failure is RedisConnectionFailure.TlsFailed or RedisConnectionFailure.ConnectFailed, $"unexpected failure {refused.Failure}");

        var withCertificate = Options();
        withCertificate.ClientCertificates.Add(tls.ClientCertificate);
        await using var redis = await RedisConnection.ConnectAsync(withCertificate, cancellationToken: Ct).WaitAsync(Bound, Ct);
        Assert.True(await redis.Executor.SetAsync("k", "with a client certificate", cancellationToken: Ct).Bounded());
        Assert.Equal("with a client certificate", Text(await redis.Executor.GetAsync("k", Ct).Bounded()));
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
