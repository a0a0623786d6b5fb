using System.Globalization;
using System.Security.Authentication;
using Xunit;

namespace Adapters.Redis.Tests.Options;

public sealed class RedisOptionsParseTests
{
    [Fact]
    public void New_options_have_the_documented_defaults()
    {
        var options = new RedisOptions();

        Assert.Empty(options.EndPoints);
        Assert.Null(options.User);
        Assert.Null(options.Password);
        Assert.False(options.Ssl);
        Assert.Null(options.SslHost);
        Assert.Equal(SslProtocols.None, options.SslProtocols);
        Assert.True(options.CheckCertificateRevocation);
        Assert.Null(options.CertificateValidation);
        Assert.Empty(options.ClientCertificates);
        Assert.Equal(0, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.SyncTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AsyncTimeout);
        Assert.Null(options.ServiceName);
        Assert.Null(options.ClientName);
        Assert.True(options.AbortOnConnectFail);
        Assert.Equal(TimeSpan.FromSeconds(60), options.KeepAlive);
        Assert.Equal(3, options.ConnectRetry);
        Assert.Equal(RedisProtocol.Auto, options.Protocol);
        Assert.Equal(0, options.PoolSize);
        Assert.Equal(RedisBacklogPolicy.Queue, options.BacklogPolicy);
        Assert.Equal(10_000, options.BacklogLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.ReconnectMinDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ReconnectMaxDelay);
        Assert.Empty(options.CompatibilitySettings);
    }

    [Fact]
    public void A_bare_host_parses_to_the_defaults_and_port_6379()
    {
        var options = RedisOptions.Parse("localhost");

        Assert.Equal([new RedisEndPoint("localhost", 6379)], options.EndPoints);
        var defaults = new RedisOptions();
        defaults.EndPoints.Add(new RedisEndPoint("localhost", 6379));
        OptionsAssert.Equivalent(defaults, options);
    }

    [Fact]
    public void Effective_pool_size_resolves_zero_from_the_processor_count()
    {
        var options = new RedisOptions();

        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 2, 8), options.EffectivePoolSize);
        Assert.InRange(options.EffectivePoolSize, 2, 8);
        options.PoolSize = 13;
        Assert.Equal(13, options.EffectivePoolSize);
    }

    [Fact]
    public void Every_keyword_is_parsed()
    {
        var options = RedisOptions.Parse(
            "redis:7000,abortConnect=false,asyncTimeout=1234,checkCertificateRevocation=false,connectRetry=7,"
            + "connectTimeout=2500,defaultDatabase=3,keepAlive=15,name=my-app,password=p@ss,user=alice,"
            + "serviceName=mymaster,ssl=true,sslHost=redis.example.com,sslProtocols=Tls12|Tls13,syncTimeout=4321,"
            + "protocol=resp3,poolSize=6,backlog=failFast,backlogLimit=500,reconnectMinDelay=50,reconnectMaxDelay=30000");

        Assert.Equal([new RedisEndPoint("redis", 7000)], options.EndPoints);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(TimeSpan.FromMilliseconds(1234), options.AsyncTimeout);
        Assert.False(options.CheckCertificateRevocation);
        Assert.Equal(7, options.ConnectRetry);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.ConnectTimeout);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromSeconds(15), options.KeepAlive);
        Assert.Equal("my-app", options.ClientName);
        Assert.Equal("p@ss", options.Password);
        Assert.Equal("alice", options.User);
        Assert.Equal("mymaster", options.ServiceName);
        Assert.True(options.Ssl);
        Assert.Equal("redis.example.com", options.SslHost);
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, options.SslProtocols);
        Assert.Equal(TimeSpan.FromMilliseconds(4321), options.SyncTimeout);
        Assert.Equal(RedisProtocol.Resp3, options.Protocol);
        Assert.Equal(6, options.PoolSize);
        Assert.Equal(RedisBacklogPolicy.FailFast, options.BacklogPolicy);
        Assert.Equal(500, options.BacklogLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.ReconnectMinDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ReconnectMaxDelay);
        Assert.Empty(options.CompatibilitySettings);
    }

    [Theory]
    [InlineData("abortConnect=false", nameof(RedisOptions.AbortOnConnectFail), "False")]
    [InlineData("asyncTimeout=250", nameof(RedisOptions.AsyncTimeout), "00:00:00.2500000")]
    [InlineData("checkCertificateRevocation=false", nameof(RedisOptions.CheckCertificateRevocation), "False")]
    [InlineData("connectRetry=0", nameof(RedisOptions.ConnectRetry), "0")]
    [InlineData("connectTimeout=1", nameof(RedisOptions.ConnectTimeout), "00:00:00.0010000")]
    [InlineData("defaultDatabase=15", nameof(RedisOptions.DefaultDatabase), "15")]
    [InlineData("keepAlive=90", nameof(RedisOptions.KeepAlive), "00:01:30")]
    [InlineData("keepAlive=-1", nameof(RedisOptions.KeepAlive), "00:01:00")]
    [InlineData("keepAlive=0", nameof(RedisOptions.KeepAlive), "00:00:00")]
    [InlineData("name=worker-1", nameof(RedisOptions.ClientName), "worker-1")]
    [InlineData("password=hunter2", nameof(RedisOptions.Password), "hunter2")]
    [InlineData("user=default", nameof(RedisOptions.User), "default")]
    [InlineData("serviceName=mymaster", nameof(RedisOptions.ServiceName), "mymaster")]
    [InlineData("ssl=true", nameof(RedisOptions.Ssl), "True")]
    [InlineData("sslHost=cache.example.net", nameof(RedisOptions.SslHost), "cache.example.net")]
    [InlineData("sslProtocols=Tls13", nameof(RedisOptions.SslProtocols), "Tls13")]
    [InlineData("sslProtocols=None", nameof(RedisOptions.SslProtocols), "None")]
    [InlineData("syncTimeout=2147483647", nameof(RedisOptions.SyncTimeout), "24.20:31:23.6470000")]
    [InlineData("protocol=resp2", nameof(RedisOptions.Protocol), "Resp2")]
    [InlineData("protocol=3", nameof(RedisOptions.Protocol), "Resp3")]
    [InlineData("protocol=2", nameof(RedisOptions.Protocol), "Resp2")]
    [InlineData("protocol=auto", nameof(RedisOptions.Protocol), "Auto")]
    [InlineData("poolSize=1", nameof(RedisOptions.PoolSize), "1")]
    [InlineData("backlog=queue", nameof(RedisOptions.BacklogPolicy), "Queue")]
    [InlineData("backlog=failFast", nameof(RedisOptions.BacklogPolicy), "FailFast")]
    [InlineData("backlogLimit=1", nameof(RedisOptions.BacklogLimit), "1")]
    [InlineData("reconnectMinDelay=1", nameof(RedisOptions.ReconnectMinDelay), "00:00:00.0010000")]
    [InlineData("reconnectMaxDelay=60000", nameof(RedisOptions.ReconnectMaxDelay), "00:01:00")]
    public void Each_keyword_sets_its_property(string setting, string property, string expected)
    {
        var options = RedisOptions.Parse("localhost," + setting);

        var value = typeof(RedisOptions).GetProperty(property)!.GetValue(options);
        Assert.Equal(expected, Convert.ToString(value, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("False", false)]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    [InlineData("on", true)]
    [InlineData("OFF", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void Booleans_are_read_as_StackExchange_Redis_reads_them(string text, bool expected)
    {
        Assert.Equal(expected, RedisOptions.Parse("localhost,ssl=" + text).Ssl);
        Assert.Equal(expected, RedisOptions.Parse("localhost,abortConnect=" + text).AbortOnConnectFail);
    }

    [Theory]
    [InlineData("allowAdmin=true", "allowAdmin", "true")]
    [InlineData("ALLOWADMIN=yes", "allowAdmin", "true")]
    [InlineData("configChannel=__Booksleeve_MasterChanged", "configChannel", "__Booksleeve_MasterChanged")]
    [InlineData("configCheckSeconds=30", "configCheckSeconds", "30")]
    [InlineData("resolveDns=false", "resolveDns", "false")]
    [InlineData("tiebreaker=", "tiebreaker", "")]
    [InlineData("TieBreaker=__tie", "tiebreaker", "__tie")]
    [InlineData("version=7.2.4", "version", "7.2.4")]
    [InlineData("version=6", "version", "6.0")]
    [InlineData("setlib=false", "setlib", "false")]
    [InlineData("highIntegrity=true", "highIntegrity", "true")]
    [InlineData("responseTimeout=5000", "responseTimeout", "5000")]
    [InlineData("writeBuffer=4096", "writeBuffer", "4096")]
    [InlineData("preserveAsyncOrder=false", "preserveAsyncOrder", "false")]
    [InlineData("highPriorityThreads=true", "highPriorityThreads", "true")]
    public void Compatibility_keywords_are_kept_and_written_back(string setting, string keyword, string value)
    {
        var options = RedisOptions.Parse("localhost," + setting);

        Assert.Equal(value, options.CompatibilitySettings[keyword]);
        Assert.Single(options.CompatibilitySettings);
        Assert.Equal($"localhost:6379,{keyword}={value}", options.ToString(includePassword: true));
    }

    [Fact]
    public void Keywords_ignore_case()
    {
        var options = RedisOptions.Parse(
            "localhost,SSL=TRUE,DEFAULTDATABASE=2,PassWord=Secret,Backlog=FAILFAST,PROTOCOL=RESP2,AbortConnect=False,"
            + "SYNCTIMEOUT=100,sslprotocols=tls12|TLS13,NAME=App");

        Assert.True(options.Ssl);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.Equal("Secret", options.Password); // values keep their case
        Assert.Equal(RedisBacklogPolicy.FailFast, options.BacklogPolicy);
        Assert.Equal(RedisProtocol.Resp2, options.Protocol);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.SyncTimeout);
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, options.SslProtocols);
        Assert.Equal("App", options.ClientName);
    }

    [Theory]
    [InlineData("password=a=b", "a=b")]
    [InlineData("password==leading", "=leading")]
    [InlineData("password=trailing==", "trailing==")]
    [InlineData("password=x=y=z", "x=y=z")]
    [InlineData("password = spaced = inside ", "spaced = inside")]
    public void Values_split_at_the_first_equals_sign_only(string setting, string password)
    {
        Assert.Equal(password, RedisOptions.Parse("localhost," + setting).Password);
    }

    [Fact]
    public void Whitespace_around_items_is_trimmed_and_empty_items_are_ignored()
    {
        var options = RedisOptions.Parse(" , localhost:1 , , password = secret ,, ssl = true ,\t,");

        Assert.Equal([new RedisEndPoint("localhost", 1)], options.EndPoints);
        Assert.Equal("secret", options.Password);
        Assert.True(options.Ssl);
    }

    [Fact]
    public void An_empty_text_value_leaves_the_setting_unset()
    {
        var options = RedisOptions.Parse("localhost,password=,user=,name=,serviceName=,sslHost=");

        Assert.Null(options.Password);
        Assert.Null(options.User);
        Assert.Null(options.ClientName);
        Assert.Null(options.ServiceName);
        Assert.Null(options.SslHost);
    }

    [Fact]
    public void IPv6_endpoints_are_parsed()
    {
        var options = RedisOptions.Parse("[::1]:7000,[2001:db8::1],fe80::2,ssl=false");

        Assert.Equal(
            [new RedisEndPoint("::1", 7000), new RedisEndPoint("2001:db8::1", 6379), new RedisEndPoint("fe80::2", 6379)],
            options.EndPoints);
    }

    [Theory]
    [InlineData("a,b:1", "a:6379,b:1")]
    [InlineData("a,ssl=true", "a:6380,ssl=true")]
    [InlineData("ssl=true,a", "a:6380,ssl=true")]
    [InlineData("ssl=true,[::1],b:6379", "[::1]:6380,b:6379,ssl=true")]
    [InlineData("a,ssl=true,ssl=false", "a:6379")]
    [InlineData("a:6379,ssl=true", "a:6379,ssl=true")]
    public void Endpoints_without_a_port_get_6379_or_6380_with_ssl(string configuration, string expected)
    {
        Assert.Equal(expected, RedisOptions.Parse(configuration).ToString());
    }

    [Fact]
    public void Repeated_endpoints_are_kept_once_and_repeated_keywords_keep_the_last_value()
    {
        var options = RedisOptions.Parse("a,a:6379,A,b,defaultDatabase=1,defaultDatabase=2");

        Assert.Equal([new RedisEndPoint("a", 6379), new RedisEndPoint("b", 6379)], options.EndPoints);
        Assert.Equal(2, options.DefaultDatabase);
    }

    [Fact]
    public void AsyncTimeout_follows_SyncTimeout_unless_set()
    {
        var following = RedisOptions.Parse("localhost,syncTimeout=1000");
        var set = RedisOptions.Parse("localhost,syncTimeout=1000,asyncTimeout=3000");

        Assert.Equal(TimeSpan.FromSeconds(1), following.AsyncTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), set.AsyncTimeout);
        following.SyncTimeout = TimeSpan.FromSeconds(2);
        Assert.Equal(TimeSpan.FromSeconds(2), following.AsyncTimeout);
    }

    [Fact]
    public void TryParse_returns_the_same_options_as_Parse()
    {
        const string Configuration = "redis:7000,ssl=true,password=p,allowAdmin=true";

        Assert.True(RedisOptions.TryParse(Configuration, out var options));
        OptionsAssert.Equivalent(RedisOptions.Parse(Configuration), options);
    }
}
