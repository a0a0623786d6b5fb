using Xunit;

namespace Adapters.Tests;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("orders")]
    [InlineData("orders:eu-west")]
    [InlineData("ünïcode name")]
    public void Valid_map_names_pass(string name) => NameRules.ValidateMapName(name);

    [Theory]
    [InlineData(null, typeof(ArgumentNullException))]
    [InlineData("", typeof(ArgumentException))]
    [InlineData("  ", typeof(ArgumentException))]
    [InlineData("a{b}", typeof(ArgumentException))]
    [InlineData("nul\0", typeof(ArgumentException))]
    public void Invalid_session_ids_name_the_parameter(string? sessionId, Type expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => NameRules.ValidateSessionId(sessionId!));
        Assert.IsType(expected, error);
        Assert.Equal("sessionId", error.ParamName);
    }

    [Fact]
    public void Names_longer_than_the_limit_are_rejected()
    {
        NameRules.ValidateGroupName(new string('g', NameRules.MaxNameLength));
        var error = Assert.Throws<ArgumentException>(() => NameRules.ValidateGroupName(new string('g', NameRules.MaxNameLength + 1), "group"));
        Assert.Contains("at most 256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_ids_may_hold_anything_printable()
    {
        NameRules.ValidateKeyId("120363041234567890@g.us::4915100000000:7@s.whatsapp.net::0");
        NameRules.ValidateKeyId("{braces} are fine in ids");
        Assert.Throws<ArgumentException>(() => NameRules.ValidateKeyId("line\nbreak"));
    }
}
