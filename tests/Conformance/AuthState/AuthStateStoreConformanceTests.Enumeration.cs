using System.Globalization;
using Xunit;

namespace Adapters.Conformance.AuthState;

public abstract partial class AuthStateStoreConformanceTests<TFixture>
{
    /// <summary>The store's key enumeration; skips the test when the store does not implement the capability.</summary>
    protected IAuthStateKeyEnumeration RequireKeyEnumeration()
    {
        var enumeration = Store as IAuthStateKeyEnumeration;
        RequireCapability(enumeration is not null, $"The store does not implement {nameof(IAuthStateKeyEnumeration)}.");
        return enumeration!;
    }

    /// <summary>Every (type, id) the enumeration lists for <paramref name="sessionId"/>, in a stable order, duplicates kept.</summary>
    protected static async Task<List<(string Type, string Id)>> ListKeysAsync(IAuthStateKeyEnumeration enumeration, string sessionId)
    {
        var listed = new List<(string Type, string Id)>();
        await foreach (var key in enumeration.ListKeysAsync(sessionId, Ct))
        {
            listed.Add(key);
        }

        return [.. listed.Order()];
    }

    [Fact]
    public virtual async Task Key_enumeration_lists_every_key_of_the_session_once()
    {
        var enumeration = RequireKeyEnumeration();
        var session = NewSession();
        var changes = new AuthKeyChangeSet();
        var expected = new List<(string Type, string Id)>();
        for (var id = 1; id <= 300; id++)
        {
            var text = id.ToString(CultureInfo.InvariantCulture);
            changes.Set(AuthKeyTypes.PreKey, text, Bytes(id, 16));
            expected.Add((AuthKeyTypes.PreKey, text));
        }

        changes.Set(AuthKeyTypes.Session, "4915200000000.0", Bytes(1000, 2048)).Set(AuthKeyTypes.SenderKey, "group@g.us::me::0", Bytes(1001));
        changes.Set("custom:type", "id with spaces", []);
        expected.AddRange([(AuthKeyTypes.Session, "4915200000000.0"), (AuthKeyTypes.SenderKey, "group@g.us::me::0"), ("custom:type", "id with spaces")]);
        await Store.WriteCredentialsAsync(session, Bytes(1), Ct);
        await Store.SetKeysAsync(session, changes, Ct);

        Assert.Equal(expected.Order(), await ListKeysAsync(enumeration, session));
    }

    [Fact]
    public virtual async Task Key_enumeration_of_a_session_without_keys_is_empty()
    {
        var enumeration = RequireKeyEnumeration();
        var withCredentialsOnly = NewSession();
        await Store.WriteCredentialsAsync(withCredentialsOnly, Bytes(1), Ct);

        Assert.Empty(await ListKeysAsync(enumeration, NewSession()));
        Assert.Empty(await ListKeysAsync(enumeration, withCredentialsOnly));
    }

    [Fact]
    public virtual async Task Key_enumeration_follows_deletions_clear_and_delete()
    {
        var enumeration = RequireKeyEnumeration();
        var session = NewSession();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet
        {
            { AuthKeyTypes.PreKey, "1", Bytes(1) },
            { AuthKeyTypes.PreKey, "2", Bytes(2) },
            { AuthKeyTypes.Session, "s", Bytes(3) },
        }, Ct);

        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", null }, { AuthKeyTypes.Session, "s", null } }, Ct);
        Assert.Equal([(AuthKeyTypes.PreKey, "2")], await ListKeysAsync(enumeration, session));

        await Store.ClearKeysAsync(session, Ct);
        Assert.Empty(await ListKeysAsync(enumeration, session));

        await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.AppStateSyncKey, "AAAAAGh+", Bytes(4)), Ct);
        Assert.Equal([(AuthKeyTypes.AppStateSyncKey, "AAAAAGh+")], await ListKeysAsync(enumeration, session));
        await Store.DeleteSessionAsync(session, Ct);
        Assert.Empty(await ListKeysAsync(enumeration, session));
    }

    [Fact]
    public virtual async Task Key_enumeration_never_lists_keys_of_sessions_sharing_a_prefix()
    {
        var enumeration = RequireKeyEnumeration();
        var root = NewSession();
        string[] sessions = [root, root + "x", root + ":keys", root + ":keys:pre-key", root + "*"];
        foreach (var (session, index) in sessions.Select((s, i) => (s, i)))
        {
            await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, $"id-{index}", Bytes(index)), Ct);
        }

        foreach (var (session, index) in sessions.Select((s, i) => (s, i)))
        {
            Assert.Equal([(AuthKeyTypes.PreKey, $"id-{index}")], await ListKeysAsync(enumeration, session));
        }

        await Store.ClearKeysAsync(root, Ct);
        Assert.Empty(await ListKeysAsync(enumeration, root));
        Assert.Equal([(AuthKeyTypes.PreKey, "id-1")], await ListKeysAsync(enumeration, root + "x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a{b")]
    [InlineData("a}b")]
    [InlineData("new\nline")]
    public virtual async Task Key_enumeration_rejects_invalid_session_ids_naming_the_parameter(string sessionId)
    {
        var enumeration = RequireKeyEnumeration();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => ListKeysAsync(enumeration, sessionId));

        Assert.Equal("sessionId", error.ParamName);
    }
}
