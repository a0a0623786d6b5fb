using Xunit;

namespace Adapters.Tests;

public sealed class AuthKeyChangeSetTests
{
    [Fact]
    public void A_later_change_to_the_same_key_replaces_the_earlier_one()
    {
        var changes = new AuthKeyChangeSet()
            .Set(AuthKeyTypes.PreKey, "1", [1])
            .Delete(AuthKeyTypes.PreKey, "1")
            .Set(AuthKeyTypes.Session, "a", [2]);

        Assert.Equal(2, changes.Count);
        Assert.Null(changes.ForType(AuthKeyTypes.PreKey)["1"]);
        Assert.Equal([AuthKeyTypes.PreKey, AuthKeyTypes.Session], changes.Types);
    }

    [Fact]
    public void Merging_lets_the_other_set_win()
    {
        var mine = new AuthKeyChangeSet { { "t", "1", [1] }, { "t", "2", [2] } };
        var theirs = new AuthKeyChangeSet { { "t", "2", null }, { "u", "1", [3] } };

        mine.MergeFrom(theirs);

        Assert.Equal(3, mine.Count);
        Assert.Null(mine.ForType("t")["2"]);
        Assert.Equal([3], mine.ForType("u")["1"]);
    }

    [Fact]
    public void An_unknown_type_has_no_changes()
        => Assert.Empty(new AuthKeyChangeSet().ForType("nothing"));

    [Fact]
    public void Enumeration_yields_every_change()
    {
        var changes = new AuthKeyChangeSet { { "t", "1", [1] }, { "u", "2", null } };
        Assert.Equal([new AuthKeyChange("t", "1", changes.ForType("t")["1"]), new AuthKeyChange("u", "2", null)], changes.ToList());
    }

    [Fact]
    public void Set_rejects_a_null_value_so_deletes_are_explicit()
        => Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new AuthKeyChangeSet().Set("t", "1", null!)).ParamName);

    [Fact]
    public void The_known_types_are_Baileys_names()
        => Assert.Equal(
            ["pre-key", "session", "sender-key", "sender-key-memory", "app-state-sync-key", "app-state-sync-version", "lid-mapping", "device-list", "tctoken", "identity-key"],
            AuthKeyTypes.All);
}
