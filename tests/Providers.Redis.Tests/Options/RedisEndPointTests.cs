using Xunit;

namespace Adapters.Redis.Tests.Options;

public sealed class RedisEndPointTests
{
    [Theory]
    [InlineData("localhost", "localhost", 6379)]
    [InlineData("redis.example.com:6380", "redis.example.com", 6380)]
    [InlineData("10.0.0.1:7000", "10.0.0.1", 7000)]
    [InlineData("  padded:1  ", "padded", 1)]
    [InlineData("h:65535", "h", 65535)]
    [InlineData("[::1]:6379", "::1", 6379)]
    [InlineData("[2001:db8::7]:7001", "2001:db8::7", 7001)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData("fe80::1", "fe80::1", 6379)]
    public void Parse_reads_host_and_port(string text, string host, int port)
    {
        var endPoint = RedisEndPoint.Parse(text);

        Assert.Equal(host, endPoint.Host);
        Assert.Equal(port, endPoint.Port);
        Assert.True(RedisEndPoint.TryParse(text, out var parsed));
        Assert.Equal(endPoint, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(":6379")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:123456")]
    [InlineData("host:-1")]
    [InlineData("host:+1")]
    [InlineData("host:abc")]
    [InlineData("host:6379:1")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("[::1]:")]
    [InlineData("[localhost]:6379")]
    [InlineData("two words")]
    [InlineData("a=b")]
    [InlineData("!/tmp/redis.sock")]
    public void Invalid_text_is_rejected_without_being_echoed(string text)
    {
        Assert.False(RedisEndPoint.TryParse(text, out var endPoint));
        Assert.Null(endPoint);
        var error = Assert.Throws<ArgumentException>(() => RedisEndPoint.Parse(text));
        Assert.Equal("value", error.ParamName);
        var reference = Assert.Throws<ArgumentException>(() => RedisEndPoint.Parse("?"));
        Assert.Equal(reference.Message, error.Message); // the same words whatever the input: nothing is echoed
    }

    [Fact]
    public void Null_is_not_an_endpoint()
    {
        Assert.False(RedisEndPoint.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => RedisEndPoint.Parse(null!));
    }

    [Theory]
    [InlineData("localhost", 6379, "localhost:6379")]
    [InlineData("10.1.2.3", 1, "10.1.2.3:1")]
    [InlineData("::1", 6379, "[::1]:6379")]
    [InlineData("2001:db8::7", 7001, "[2001:db8::7]:7001")]
    public void ToString_writes_host_and_port_with_brackets_for_IPv6(string host, int port, string expected)
    {
        var endPoint = new RedisEndPoint(host, port);

        Assert.Equal(expected, endPoint.ToString());
        Assert.Equal(endPoint, RedisEndPoint.Parse(endPoint.ToString()));
    }

    [Theory]
    [InlineData("", 6379, "Host")]
    [InlineData(" ", 6379, "Host")]
    [InlineData("[::1]", 6379, "Host")]
    [InlineData("a,b", 6379, "Host")]
    [InlineData("a=b", 6379, "Host")]
    [InlineData("not:ipv6", 6379, "Host")]
    [InlineData("host", 0, "Port")]
    [InlineData("host", -1, "Port")]
    [InlineData("host", 65536, "Port")]
    public void Constructor_rejects_unusable_values(string host, int port, string paramName)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new RedisEndPoint(host, port));

        Assert.Equal(paramName, error.ParamName);
    }

    [Fact]
    public void With_expressions_are_validated_too()
    {
        var endPoint = new RedisEndPoint("host", 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => endPoint with { Port = 0 });
        Assert.Throws<ArgumentException>(() => endPoint with { Host = "" });
        Assert.Equal(new RedisEndPoint("host", 2), endPoint with { Port = 2 });
    }

    [Fact]
    public void Host_names_compare_ignoring_case()
    {
        var upper = new RedisEndPoint("Redis.Example.COM", 6379);
        var lower = new RedisEndPoint("redis.example.com", 6379);

        Assert.Equal(upper, lower);
        Assert.Equal(upper.GetHashCode(), lower.GetHashCode());
        Assert.NotEqual(upper, lower with { Port = 6380 });
        Assert.Equal("Redis.Example.COM:6379", upper.ToString());
    }
}
