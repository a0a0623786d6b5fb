using Xunit;

namespace Adapters.Redis.Tests.Options;

public sealed class RedisOptionsParseErrorTests
{
    // Every failing configuration below carries this password: no message may ever show it.
    private const string Password = "Sup3rS3cretPa55";

    private static ArgumentException ParseFails(string configuration)
    {
        var error = Assert.Throws<ArgumentException>(() => RedisOptions.Parse(configuration));
        Assert.Equal("configuration", error.ParamName);
        Assert.DoesNotContain(Password, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(RedisOptions.TryParse(configuration, out var options));
        Assert.Null(options);
        return error;
    }

    [Theory]
    [InlineData("conectTimeout")]
    [InlineData("sslPort")]
    [InlineData("responseTimeoutt")]
    [InlineData("db")]
    public void Unknown_keywords_are_named(string keyword)
    {
        var error = ParseFails($"localhost,password={Password},ssl=true,{keyword}=5");

        Assert.StartsWith($"Unknown keyword '{keyword}' in the Redis configuration.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("channelPrefix=app:")]
    [InlineData("proxy=twemproxy")]
    [InlineData("tunnel=http:10.0.0.1:3128")]
    [InlineData("CHANNELPREFIX=x")]
    public void Unsupported_StackExchange_Redis_keywords_are_named(string setting)
    {
        var keyword = setting[..setting.IndexOf('=', StringComparison.Ordinal)];

        var error = ParseFails($"localhost,password={Password},{setting}");

        Assert.Contains("not supported by Adapters", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{keyword}'", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("$CONFIG=", "$CONFIG")]
    [InlineData("$info=STATS", "$info")]
    public void Command_renames_are_rejected(string setting, string keyword)
    {
        var error = ParseFails($"localhost,password={Password},ssl=true,{setting}");

        Assert.Contains($"'{keyword}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported by Adapters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("connectTimeout", "abc")]
    [InlineData("connectTimeout", "0")]
    [InlineData("connectTimeout", "-5")]
    [InlineData("connectTimeout", "2147483648")]
    [InlineData("syncTimeout", "1.5")]
    [InlineData("syncTimeout", "1_000")]
    [InlineData("asyncTimeout", "")]
    [InlineData("reconnectMinDelay", "0")]
    [InlineData("reconnectMaxDelay", "soon")]
    [InlineData("name", "my app")]
    [InlineData("name", "app\u00e9")]
    [InlineData("keepAlive", "-2")]
    [InlineData("keepAlive", "1m")]
    [InlineData("defaultDatabase", "-1")]
    [InlineData("defaultDatabase", "two")]
    [InlineData("connectRetry", "-1")]
    [InlineData("poolSize", "-2")]
    [InlineData("backlogLimit", "0")]
    [InlineData("ssl", "maybe")]
    [InlineData("abortConnect", "")]
    [InlineData("checkCertificateRevocation", "2")]
    [InlineData("protocol", "resp4")]
    [InlineData("protocol", "4")]
    [InlineData("backlog", "drop")]
    [InlineData("sslProtocols", "Tls99")]
    [InlineData("sslProtocols", "12288")]
    [InlineData("sslProtocols", "")]
    [InlineData("allowAdmin", "sure")]
    [InlineData("configCheckSeconds", "x")]
    [InlineData("version", "seven")]
    [InlineData("setlib", "nope")]
    [InlineData("highIntegrity", "10")]
    public void Invalid_values_name_the_keyword_but_not_the_value(string keyword, string value)
    {
        var error = ParseFails($"localhost,password={Password},{keyword}={value}");

        Assert.StartsWith($"Invalid value for '{keyword}': expected ", error.Message, StringComparison.Ordinal);
        if (value.Length > 2)
        {
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_message_of_a_bad_timeout_says_what_is_expected()
    {
        var error = ParseFails("localhost,connectTimeout=5s");

        Assert.StartsWith("Invalid value for 'connectTimeout': expected a whole number of milliseconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keywords_are_named_in_their_canonical_spelling()
    {
        var error = ParseFails("localhost,CONNECTTIMEOUT=x");

        Assert.Contains("'connectTimeout'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host:99999")]
    [InlineData("[::1")]
    [InlineData("host:abc")]
    [InlineData("bad host")]
    [InlineData("a:1:b")]
    public void Invalid_endpoints_are_rejected_by_position_without_echoing_them(string endPoint)
    {
        var error = ParseFails($"localhost,password={Password},{endPoint}");

        Assert.StartsWith("Invalid endpoint in item 3 of the Redis configuration", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(endPoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unix_domain_sockets_are_not_supported()
    {
        var error = ParseFails("!/var/run/redis.sock");

        Assert.Contains("Unix domain socket", error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported by Adapters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost,password=Sup3r,S3cretPa55=x")]
    [InlineData("localhost,password=Sup3r,S3cret:Pa55")]
    [InlineData("localhost,password=Sup3r,host2,S3cretPa55=1")]
    [InlineData("localhost,password=Sup3r,S3c,retPa55=1")]
    [InlineData("localhost,password=Sup3r,$3cretPa55=1")]
    public void Fragments_of_a_password_containing_a_comma_are_never_echoed(string configuration)
    {
        var error = Assert.Throws<ArgumentException>(() => RedisOptions.Parse(configuration));

        Assert.DoesNotContain("Sup3r", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("S3c", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Pa55", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'password'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyword_after_a_password_is_named_again_once_another_keyword_intervenes()
    {
        var error = ParseFails($"localhost,password={Password},ssl=true,conectTimeout=1");

        Assert.Contains("'conectTimeout'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_without_a_keyword_is_rejected()
    {
        var error = ParseFails($"localhost,password={Password},={Password}");

        Assert.StartsWith("Item 3 of the Redis configuration has a value but no keyword.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",, ,")]
    [InlineData("password=" + Password)]
    [InlineData("ssl=true,abortConnect=false")]
    public void A_configuration_without_endpoints_is_rejected(string configuration)
    {
        var error = ParseFails(configuration);

        Assert.Contains("Redis configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => RedisOptions.Parse(null!));
        Assert.False(RedisOptions.TryParse(null, out _));
    }

    [Theory]
    [InlineData("reconnectMinDelay=500,reconnectMaxDelay=400")]
    [InlineData("reconnectMinDelay=20000")]
    [InlineData("reconnectMaxDelay=50")]
    public void A_minimum_reconnect_delay_above_the_maximum_is_rejected(string settings)
    {
        var error = ParseFails($"localhost,password={Password},{settings}");

        Assert.Contains("'reconnectMinDelay'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'reconnectMaxDelay'", error.Message, StringComparison.Ordinal);
    }
}
