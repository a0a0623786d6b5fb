using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Adapters.TestServers;

/// <summary>
/// A throw-away CA with a server certificate (SAN localhost + 127.0.0.1) and a client certificate, generated in
/// process and written as PEM (PKCS#8 keys, which OpenSSL and so redis-server read) into a temp directory.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string ServerName = "localhost";

    private TestCertificates(string directory, X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client)
    {
        Directory = directory;
        Ca = ca;
        Server = server;
        Client = client;
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    /// <summary>Carries its private key, ready for SslStream client authentication.</summary>
    public X509Certificate2 Client { get; }

    public string CaCertificatePath => Path.Combine(Directory, "ca.crt");

    public string ServerCertificatePath => Path.Combine(Directory, "server.crt");

    public string ServerKeyPath => Path.Combine(Directory, "server.key");

    public string ClientCertificatePath => Path.Combine(Directory, "client.crt");

    public string ClientKeyPath => Path.Combine(Directory, "client.key");

    public static TestCertificates Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "adapters-redis", $"tls-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(30);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Adapters Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServerName);
        names.AddIpAddress(IPAddress.Loopback);
        var (server, serverKey) = Issue(ca, "CN=localhost", "1.3.6.1.5.5.7.3.1", names, notBefore, notAfter);
        var (client, clientKey) = Issue(ca, "CN=adapters-test-client", "1.3.6.1.5.5.7.3.2", null, notBefore, notAfter);

        var certificates = new TestCertificates(directory, ca, server, client);
        File.WriteAllText(certificates.CaCertificatePath, ca.ExportCertificatePem());
        File.WriteAllText(certificates.ServerCertificatePath, server.ExportCertificatePem());
        File.WriteAllText(certificates.ServerKeyPath, serverKey);
        File.WriteAllText(certificates.ClientCertificatePath, client.ExportCertificatePem());
        File.WriteAllText(certificates.ClientKeyPath, clientKey);
        return certificates;
    }

    /// <summary>True when <paramref name="certificate"/> chains to our CA (and only to it).</summary>
    public bool IsIssuedByCa(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf) && chain.ChainElements[^1].Certificate.Thumbprint == Ca.Thumbprint;
    }

    /// <summary>Client options for the harness's own connections: validate against our CA, present the client certificate.</summary>
    public SslClientAuthenticationOptions CreateClientOptions() => new()
    {
        TargetHost = ServerName,
        ClientCertificates = [Client],
        RemoteCertificateValidationCallback = (_, certificate, _, _) => IsIssuedByCa(certificate),
    };

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static (X509Certificate2 Certificate, string KeyPem) Issue(
        X509Certificate2 ca, string subject, string usageOid, SubjectAlternativeNameBuilder? names, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 asks
        using var publicOnly = request.Create(ca, notBefore, notAfter, serial);
        var withKey = publicOnly.CopyWithPrivateKey(key);
        return (withKey, key.ExportPkcs8PrivateKeyPem());
    }
}
