using Adapters.Hybrid.Internal;
using Xunit;

namespace Adapters.Hybrid.Tests.Internal;

public sealed class KeyRulesTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    [InlineData("a\0b")]
    [InlineData("a\u001fb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u009fb")]
    [InlineData("12345678901")]
    public void Unusable_keys_have_a_problem(string key) => Assert.NotNull(KeyRules.KeyProblem(key, 10));

    [Theory]
    [InlineData("a")]
    [InlineData("1234567890")]
    [InlineData(" padded ")]
    [InlineData("ключ:鍵")]
    [InlineData("a\u00a0b")]
    [InlineData("{tag}:*")]
    public void Usable_keys_have_none(string key) => Assert.Null(KeyRules.KeyProblem(key, 10));

    [Fact]
    public void No_tags_are_an_empty_list() => Assert.Empty(KeyRules.EntryTags(null, "tags"));

    [Fact]
    public void Duplicate_tags_are_kept_once_and_compared_ordinally()
        => Assert.Equal(["a", "b", "A"], KeyRules.EntryTags(["a", "b", "a", "A"], "tags"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("*")]
    [InlineData("a\nb")]
    public void Unusable_entry_tags_throw_naming_the_parameter(string? tag)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => KeyRules.EntryTags(["ok", tag!], "tags"));

        Assert.Equal("tags", error.ParamName);
    }

    [Fact]
    public void A_tag_over_1024_characters_is_refused()
    {
        KeyRules.ValidateTag(new string('t', 1024), "tag");

        Assert.Throws<ArgumentException>(() => KeyRules.ValidateTag(new string('t', 1025), "tag"));
    }

    [Fact]
    public void The_wildcard_is_a_valid_tag_to_remove() => KeyRules.ValidateTag("*", "tag");
}
