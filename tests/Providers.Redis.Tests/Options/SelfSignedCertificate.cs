using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Adapters.Redis.Tests.Options;

internal static class SelfSignedCertificate
{
    /// <summary>A throwaway self-signed certificate, made in memory.</summary>
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=adapters-options-test", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
    }
}
