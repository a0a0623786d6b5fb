using Xunit;

namespace Adapters.Redis.Tests.Options;

/// <summary>Compares every setting a configuration string can hold, naming the first one that differs.</summary>
internal static class OptionsAssert
{
    public static void Equivalent(RedisOptions expected, RedisOptions actual)
    {
        Assert.Equal(expected.EndPoints, actual.EndPoints);
        Assert.Equal(expected.EndPoints.Select(e => e.Host), actual.EndPoints.Select(e => e.Host)); // case too
        Assert.Equal(expected.User, actual.User);
        Assert.Equal(expected.Password, actual.Password);
        Assert.Equal(expected.Ssl, actual.Ssl);
        Assert.Equal(expected.SslHost, actual.SslHost);
        Assert.Equal(expected.SslProtocols, actual.SslProtocols);
        Assert.Equal(expected.CheckCertificateRevocation, actual.CheckCertificateRevocation);
        Assert.Equal(expected.DefaultDatabase, actual.DefaultDatabase);
        Assert.Equal(expected.ConnectTimeout, actual.ConnectTimeout);
        Assert.Equal(expected.SyncTimeout, actual.SyncTimeout);
        Assert.Equal(expected.AsyncTimeout, actual.AsyncTimeout);
        Assert.Equal(expected.ServiceName, actual.ServiceName);
        Assert.Equal(expected.ClientName, actual.ClientName);
        Assert.Equal(expected.AbortOnConnectFail, actual.AbortOnConnectFail);
        Assert.Equal(expected.KeepAlive, actual.KeepAlive);
        Assert.Equal(expected.ConnectRetry, actual.ConnectRetry);
        Assert.Equal(expected.Protocol, actual.Protocol);
        Assert.Equal(expected.PoolSize, actual.PoolSize);
        Assert.Equal(expected.BacklogPolicy, actual.BacklogPolicy);
        Assert.Equal(expected.BacklogLimit, actual.BacklogLimit);
        Assert.Equal(expected.ReconnectMinDelay, actual.ReconnectMinDelay);
        Assert.Equal(expected.ReconnectMaxDelay, actual.ReconnectMaxDelay);
        Assert.Equal(
            expected.CompatibilitySettings.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.CompatibilitySettings.OrderBy(p => p.Key, StringComparer.Ordinal));

        // Whether AsyncTimeout was set explicitly shows in the string: it must survive as well.
        var probe = TimeSpan.FromMilliseconds(777_777);
        var expectedCopy = expected.Clone();
        var actualCopy = actual.Clone();
        expectedCopy.SyncTimeout = probe;
        actualCopy.SyncTimeout = probe;
        Assert.Equal(expectedCopy.AsyncTimeout, actualCopy.AsyncTimeout);
    }
}
