using System.Net.Security;
using System.Security.Authentication;
using Xunit;

namespace Adapters.Redis.Tests.Options;

public sealed class RedisOptionsFormatTests
{
    public static TheoryData<string> Configurations => new(
        "localhost",
        "redis:7000,ssl=true,password=p,abortConnect=false",
        "contoso.redis.cache.windows.net:6380,password=abc123+/DEF=,ssl=True,abortConnect=False",
        "[::1]:7000,[2001:db8::1],ssl=true",
        "a,b,c:7002,serviceName=mymaster,user=u,password=p=w=d",
        "host,password=  spaced pass  ",
        "host,password=pässwörd€✓",
        "host,allowAdmin=true,tiebreaker=,version=7.2,configChannel=chan,configCheckSeconds=-1,resolveDns=yes,setlib=0,highIntegrity=on",
        "host,sslProtocols=Tls12|Tls13,sslHost=x.example.com,checkCertificateRevocation=false",
        "host,sslProtocols=none,ssl=true",
        "host,protocol=resp3,poolSize=4,backlog=failFast,backlogLimit=1,reconnectMinDelay=1,reconnectMaxDelay=1",
        "host,protocol=2",
        "host,keepAlive=-1,syncTimeout=2147483647,asyncTimeout=1,connectTimeout=99",
        "host,keepAlive=1",
        "host,keepAlive=0",
        "host,asyncTimeout=5000",
        "host,name=app,defaultDatabase=15,connectRetry=0",
        "HOST:1,Host:2,host:3,user=User=1");

    public static TheoryData<int> Seeds
    {
        get
        {
            var seeds = new TheoryData<int>();
            for (var seed = 1; seed <= 100; seed++)
            {
                seeds.Add(seed);
            }

            return seeds;
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Parsed_options_round_trip_through_ToString_with_the_password(string configuration)
    {
        var options = RedisOptions.Parse(configuration);

        var text = options.ToString(includePassword: true);
        var parsed = RedisOptions.Parse(text);

        OptionsAssert.Equivalent(options, parsed);
        Assert.Equal(text, parsed.ToString(includePassword: true));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Options_written_in_code_round_trip_through_ToString_with_the_password(int seed)
    {
        var options = RandomOptions(seed);
        options.Validate();

        var parsed = RedisOptions.Parse(options.ToString(includePassword: true));

        OptionsAssert.Equivalent(options, parsed);
    }

    [Fact]
    public void ToString_masks_the_password()
    {
        var options = RedisOptions.Parse("redis:7000,user=alice,password=Sup3rS3cret");

        var masked = options.ToString();

        Assert.Equal("redis:7000,user=alice,password=*****", masked);
        Assert.Equal(masked, options.ToString(includePassword: false));
        Assert.DoesNotContain("Sup3rS3cret", masked, StringComparison.Ordinal);
        Assert.Equal("redis:7000,user=alice,password=Sup3rS3cret", options.ToString(includePassword: true));
    }

    [Fact]
    public void The_masked_string_parses_back_with_a_placeholder_password()
    {
        var options = RedisOptions.Parse("redis:7000,ssl=true,password=Sup3rS3cret,defaultDatabase=4");

        var parsed = RedisOptions.Parse(options.ToString());

        Assert.Equal("*****", parsed.Password);
        parsed.Password = options.Password;
        OptionsAssert.Equivalent(options, parsed);
    }

    [Fact]
    public void Without_a_password_nothing_is_written_for_it()
    {
        var options = RedisOptions.Parse("redis:7000,user=alice");

        Assert.DoesNotContain("password", options.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", options.ToString(true), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("localhost", "localhost:6379")]
    [InlineData("localhost,defaultDatabase=0,connectTimeout=5000,ssl=false,keepAlive=60,protocol=auto,backlog=queue", "localhost:6379")]
    [InlineData("localhost,abortConnect=true,checkCertificateRevocation=true,connectRetry=3,poolSize=0,backlogLimit=10000", "localhost:6379")]
    [InlineData("localhost,reconnectMinDelay=100,reconnectMaxDelay=10000,syncTimeout=5000", "localhost:6379")]
    [InlineData("SSL=TRUE,Redis,Password=p,ABORTCONNECT=FALSE", "Redis:6380,password=*****,ssl=true,abortConnect=false")]
    [InlineData("h,sslProtocols=tls13|TLS12", "h:6379,sslProtocols=Tls12|Tls13")]
    [InlineData("h,keepAlive=90,asyncTimeout=250,reconnectMaxDelay=60000", "h:6379,keepAlive=90,asyncTimeout=250,reconnectMaxDelay=60000")]
    [InlineData("h,protocol=3,backlog=FAILFAST", "h:6379,protocol=resp3,backlog=failFast")]
    [InlineData("h,ALLOWADMIN=on,version=7", "h:6379,allowAdmin=true,version=7.0")]
    public void Only_non_default_settings_are_written_in_canonical_form(string configuration, string expected)
    {
        Assert.Equal(expected, RedisOptions.Parse(configuration).ToString());
    }

    [Fact]
    public void Code_only_settings_are_not_written()
    {
        var options = RedisOptions.Parse("redis:7000,ssl=true");
        var before = options.ToString(true);

        options.CertificateValidation = (_, _, _, errors) => errors == SslPolicyErrors.None;
        using var certificate = SelfSignedCertificate.Create();
        options.ClientCertificates.Add(certificate);

        Assert.Equal(before, options.ToString(true));
    }

    [Fact]
    public void Options_without_endpoints_still_format()
    {
        var options = new RedisOptions { Ssl = true, DefaultDatabase = 1 };

        Assert.Equal("ssl=true,defaultDatabase=1", options.ToString(true));
        Assert.Equal(string.Empty, new RedisOptions().ToString(true));
    }

    [Theory]
    [InlineData("Sec,ret99")]
    [InlineData(" Secret99")]
    [InlineData("Secret99\t")]
    public void A_password_the_string_cannot_hold_is_refused_with_the_password_but_masked_without(string password)
    {
        var options = RedisOptions.Parse("redis:7000");
        options.Password = password;

        var error = Assert.Throws<InvalidOperationException>(() => options.ToString(includePassword: true));

        Assert.StartsWith("Password ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sec", error.Message, StringComparison.Ordinal);
        Assert.Equal("redis:7000,password=*****", options.ToString(includePassword: false));
        Assert.Equal("redis:7000,password=*****", options.ToString());
    }

    [Theory]
    [InlineData(nameof(RedisOptions.User))]
    [InlineData(nameof(RedisOptions.ClientName))]
    [InlineData(nameof(RedisOptions.ServiceName))]
    [InlineData(nameof(RedisOptions.SslHost))]
    public void Text_settings_with_a_comma_cannot_be_written(string property)
    {
        var options = RedisOptions.Parse("redis:7000");
        typeof(RedisOptions).GetProperty(property)!.SetValue(options, "a,b");

        var error = Assert.Throws<InvalidOperationException>(() => options.ToString(includePassword: false));

        Assert.StartsWith(property + " ", error.Message, StringComparison.Ordinal);
        Assert.Contains("=a,b", options.ToString(), StringComparison.Ordinal); // the display form never throws
    }

    [Theory]
    [InlineData(nameof(RedisOptions.SyncTimeout), 1.5)]
    [InlineData(nameof(RedisOptions.AsyncTimeout), 2000.25)]
    [InlineData(nameof(RedisOptions.ConnectTimeout), 10.001)]
    [InlineData(nameof(RedisOptions.ReconnectMinDelay), 99.5)]
    [InlineData(nameof(RedisOptions.KeepAlive), 1500)]
    public void Timeouts_that_are_not_whole_units_cannot_be_written(string property, double milliseconds)
    {
        var options = RedisOptions.Parse("redis:7000");
        typeof(RedisOptions).GetProperty(property)!.SetValue(options, TimeSpan.FromMilliseconds(milliseconds));

        var error = Assert.Throws<InvalidOperationException>(() => options.ToString(true));

        Assert.StartsWith(property + " ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_settings_cannot_be_written_and_the_keyword_is_named()
    {
        var options = RedisOptions.Parse("redis:7000");
        options.DefaultDatabase = -1;

        var error = Assert.Throws<InvalidOperationException>(() => options.ToString(true));

        Assert.Contains("'defaultDatabase'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_endpoints_cannot_be_written()
    {
        var options = new RedisOptions();
        options.EndPoints.Add(new RedisEndPoint("redis", 1));
        options.EndPoints.Add(new RedisEndPoint("REDIS", 1));

        var error = Assert.Throws<InvalidOperationException>(() => options.ToString(true));

        Assert.StartsWith("EndPoints ", error.Message, StringComparison.Ordinal);
    }

    private static RedisOptions RandomOptions(int seed)
    {
        var random = new Random(seed);
        bool Coin() => random.Next(2) == 0;
        T Pick<T>(params T[] items) => items[random.Next(items.Length)];
        TimeSpan Milliseconds() => TimeSpan.FromMilliseconds(random.Next(8) == 0 ? int.MaxValue : random.Next(1, 100_000));
        string Text(int maxLength)
        {
            const string Inner = "abcXYZ0189=:;!@#$%^&*()[]{}<>?/\\|'\"~`-_+. éß€✓";
            var chars = new char[random.Next(1, maxLength + 1)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Inner[random.Next(Inner.Length)];
            }

            chars[0] = chars[^1] = 'k'; // no surrounding whitespace
            return new string(chars);
        }

        var options = new RedisOptions();
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            var host = random.Next(3) switch
            {
                0 => $"redis-{random.Next(100)}.example.com",
                1 => $"10.0.{random.Next(256)}.{random.Next(256)}",
                _ => $"2001:db8::{random.Next(1, 0xffff):x}",
            };
            var endPoint = new RedisEndPoint(host, random.Next(1, 65536));
            if (!options.EndPoints.Contains(endPoint))
            {
                options.EndPoints.Add(endPoint);
            }
        }

        if (Coin()) options.User = Text(12);
        if (Coin()) options.Password = Text(40);
        if (Coin()) options.Ssl = true;
        if (Coin()) options.SslHost = $"tls{random.Next(10)}.example.com";
        if (Coin()) options.SslProtocols = Pick(SslProtocols.Tls12, SslProtocols.Tls13, SslProtocols.Tls12 | SslProtocols.Tls13);
        if (Coin()) options.CheckCertificateRevocation = false;
        if (Coin()) options.DefaultDatabase = random.Next(0, 16);
        if (Coin()) options.ConnectTimeout = Milliseconds();
        if (Coin()) options.SyncTimeout = Milliseconds();
        if (Coin()) options.AsyncTimeout = Milliseconds();
        if (Coin()) options.ServiceName = Text(10);
        if (Coin()) options.ClientName = $"app-{random.Next(1000)}";
        if (Coin()) options.AbortOnConnectFail = false;
        if (Coin()) options.KeepAlive = TimeSpan.FromSeconds(random.Next(1, 600));
        if (Coin()) options.ConnectRetry = random.Next(0, 10);
        if (Coin()) options.Protocol = Pick(RedisProtocol.Resp2, RedisProtocol.Resp3);
        if (Coin()) options.PoolSize = random.Next(0, 17);
        if (Coin()) options.BacklogPolicy = RedisBacklogPolicy.FailFast;
        if (Coin()) options.BacklogLimit = random.Next(1, 100_000);
        if (Coin())
        {
            options.ReconnectMinDelay = TimeSpan.FromMilliseconds(random.Next(1, 1000));
            options.ReconnectMaxDelay = options.ReconnectMinDelay + TimeSpan.FromMilliseconds(random.Next(0, 60_000));
        }

        return options;
    }
}
