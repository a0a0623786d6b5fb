using System.Net.Security;
using System.Security.Authentication;
using Xunit;

namespace Adapters.Redis.Tests.Options;

public sealed class RedisOptionsCloneAndValidateTests
{
    private const string Everything =
        "redis:7000,[::1]:7001,abortConnect=false,asyncTimeout=1234,checkCertificateRevocation=false,connectRetry=7,"
        + "connectTimeout=2500,defaultDatabase=3,keepAlive=15,name=my-app,password=p@ss,user=alice,"
        + "serviceName=mymaster,ssl=true,sslHost=redis.example.com,sslProtocols=Tls12|Tls13,syncTimeout=4321,"
        + "protocol=resp3,poolSize=6,backlog=failFast,backlogLimit=500,reconnectMinDelay=50,reconnectMaxDelay=30000,"
        + "allowAdmin=true,tiebreaker=,version=7.2";

    [Fact]
    public void A_clone_is_equivalent_and_carries_the_code_only_settings()
    {
        var original = RedisOptions.Parse(Everything);
        RemoteCertificateValidationCallback callback = (_, _, _, errors) => errors == SslPolicyErrors.None;
        original.CertificateValidation = callback;
        using var certificate = SelfSignedCertificate.Create();
        original.ClientCertificates.Add(certificate);

        var clone = original.Clone();

        OptionsAssert.Equivalent(original, clone);
        Assert.Equal(original.ToString(true), clone.ToString(true));
        Assert.Same(callback, clone.CertificateValidation);
        Assert.Same(certificate, Assert.Single(clone.ClientCertificates));
    }

    [Fact]
    public void Changing_a_clone_leaves_the_original_alone_and_the_other_way_round()
    {
        var original = RedisOptions.Parse(Everything);
        var before = original.ToString(true);
        var clone = original.Clone();

        clone.EndPoints.Add(new RedisEndPoint("other", 1));
        clone.EndPoints.RemoveAt(0);
        using var certificate = SelfSignedCertificate.Create();
        clone.ClientCertificates.Add(certificate);
        clone.Password = "changed";
        clone.DefaultDatabase = 9;
        clone.Ssl = false;
        clone.SyncTimeout = TimeSpan.FromSeconds(1);
        var cloneText = clone.ToString(true);

        Assert.Equal(before, original.ToString(true));
        Assert.Empty(original.ClientCertificates);
        Assert.Equal(2, original.EndPoints.Count);

        original.EndPoints.Clear();
        original.User = "someone-else";
        Assert.Equal(cloneText, clone.ToString(true));
    }

    [Fact]
    public void A_clone_keeps_AsyncTimeout_following_SyncTimeout_when_it_was_not_set()
    {
        var clone = RedisOptions.Parse("redis").Clone();

        clone.SyncTimeout = TimeSpan.FromSeconds(2);

        Assert.Equal(TimeSpan.FromSeconds(2), clone.AsyncTimeout);
    }

    [Fact]
    public void Parsed_options_are_valid()
    {
        RedisOptions.Parse(Everything).Validate();
        RedisOptions.Parse("localhost").Validate();
        RedisOptions.Parse("h,reconnectMinDelay=5,reconnectMaxDelay=5,connectRetry=0,poolSize=0,backlogLimit=1").Validate();
    }

    [Theory]
    [InlineData("no endpoints", nameof(RedisOptions.EndPoints))]
    [InlineData("null endpoint", nameof(RedisOptions.EndPoints))]
    [InlineData("negative database", nameof(RedisOptions.DefaultDatabase))]
    [InlineData("zero connect timeout", nameof(RedisOptions.ConnectTimeout))]
    [InlineData("infinite connect timeout", nameof(RedisOptions.ConnectTimeout))]
    [InlineData("negative sync timeout", nameof(RedisOptions.SyncTimeout))]
    [InlineData("zero async timeout", nameof(RedisOptions.AsyncTimeout))]
    [InlineData("huge async timeout", nameof(RedisOptions.AsyncTimeout))]
    [InlineData("negative keep-alive", nameof(RedisOptions.KeepAlive))]
    [InlineData("negative connect retry", nameof(RedisOptions.ConnectRetry))]
    [InlineData("negative pool size", nameof(RedisOptions.PoolSize))]
    [InlineData("zero backlog limit", nameof(RedisOptions.BacklogLimit))]
    [InlineData("zero reconnect min delay", nameof(RedisOptions.ReconnectMinDelay))]
    [InlineData("negative reconnect max delay", nameof(RedisOptions.ReconnectMaxDelay))]
    [InlineData("min delay above max delay", nameof(RedisOptions.ReconnectMinDelay))]
    [InlineData("undefined protocol", nameof(RedisOptions.Protocol))]
    [InlineData("undefined backlog policy", nameof(RedisOptions.BacklogPolicy))]
    [InlineData("undefined ssl protocol bits", nameof(RedisOptions.SslProtocols))]
    [InlineData("client name with a space", nameof(RedisOptions.ClientName))]
    [InlineData("client name with a newline", nameof(RedisOptions.ClientName))]
    public void Validate_names_the_property_at_fault(string change, string property)
    {
        var options = RedisOptions.Parse("localhost,password=Sup3rS3cret");
        Apply(options, change);

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(property, error.ParamName);
        Assert.Contains(property, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3rS3cret", error.Message, StringComparison.Ordinal);
    }

    private static void Apply(RedisOptions options, string change)
    {
        switch (change)
        {
            case "no endpoints": options.EndPoints.Clear(); break;
            case "null endpoint": options.EndPoints.Add(null!); break;
            case "negative database": options.DefaultDatabase = -1; break;
            case "zero connect timeout": options.ConnectTimeout = TimeSpan.Zero; break;
            case "infinite connect timeout": options.ConnectTimeout = Timeout.InfiniteTimeSpan; break;
            case "negative sync timeout": options.SyncTimeout = TimeSpan.FromSeconds(-1); break;
            case "zero async timeout": options.AsyncTimeout = TimeSpan.Zero; break;
            case "huge async timeout": options.AsyncTimeout = TimeSpan.FromDays(30); break;
            case "negative keep-alive": options.KeepAlive = TimeSpan.FromSeconds(-1); break;
            case "negative connect retry": options.ConnectRetry = -1; break;
            case "negative pool size": options.PoolSize = -1; break;
            case "zero backlog limit": options.BacklogLimit = 0; break;
            case "zero reconnect min delay": options.ReconnectMinDelay = TimeSpan.Zero; break;
            case "negative reconnect max delay": options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(-5); break;
            case "min delay above max delay": options.ReconnectMinDelay = options.ReconnectMaxDelay + TimeSpan.FromMilliseconds(1); break;
            case "undefined protocol": options.Protocol = (RedisProtocol)7; break;
            case "undefined backlog policy": options.BacklogPolicy = (RedisBacklogPolicy)9; break;
            case "undefined ssl protocol bits": options.SslProtocols = (SslProtocols)0x1; break;
            case "client name with a space": options.ClientName = "my app"; break;
            case "client name with a newline": options.ClientName = "app\n"; break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, "No such change.");
        }
    }
}
