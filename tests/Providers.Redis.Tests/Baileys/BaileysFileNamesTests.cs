using Adapters.Baileys;
using Xunit;
using static Adapters.Redis.Tests.Baileys.BaileysKit;

namespace Adapters.Redis.Tests.Baileys;

/// <summary>Baileys' file-name escaping (<c>/</c> → <c>__</c>, <c>:</c> → <c>-</c>) both ways, including its ambiguities.</summary>
public sealed class BaileysFileNamesTests
{
    [Fact]
    public void Every_fixture_key_maps_to_the_file_Baileys_wrote_and_back()
    {
        // The manifest holds the ids as Baileys handed them to its store, computed in Node; the files are Baileys' own.
        Assert.Equal(46, Fixture.Keys.Count);
        foreach (var key in Fixture.Keys)
        {
            Assert.Equal(key.File, BaileysFileNames.GetKeyFileName(key.Type, key.Id));
            Assert.True(BaileysFileNames.TryParseKeyFileName(key.File, out var type, out var id), key.File);
            Assert.Equal((key.Type, key.Id), (type, id));
            Assert.True(File.Exists(Path.Combine(FixtureFolder, key.File)), key.File);
        }
    }

    [Theory]
    [InlineData("sender-key", "120363025246125888@g.us::5511999990000::7", "sender-key-120363025246125888@g.us--5511999990000--7.json")]
    [InlineData("sender-key", "5511999990000-1500000000@g.us::123456789012345_1::12", "sender-key-5511999990000-1500000000@g.us--123456789012345_1--12.json")]
    [InlineData("sender-key", "status@broadcast::5511999990000::0", "sender-key-status@broadcast--5511999990000--0.json")]
    [InlineData("sender-key", "a-@g.us::1::2", "sender-key-a-@g.us--1--2.json")]
    [InlineData("sender-key-memory", "120363025246125888@g.us", "sender-key-memory-120363025246125888@g.us.json")]
    [InlineData("sender-key-memory", "5511999990000-1500000000@g.us", "sender-key-memory-5511999990000-1500000000@g.us.json")]
    [InlineData("app-state-sync-key", "AAAAAP/w", "app-state-sync-key-AAAAAP__w.json")]
    [InlineData("app-state-sync-key", "a/b/+c=", "app-state-sync-key-a__b__+c=.json")]
    [InlineData("app-state-sync-key", "//", "app-state-sync-key-____.json")]
    [InlineData("app-state-sync-version", "critical_unblock_low", "app-state-sync-version-critical_unblock_low.json")]
    [InlineData("tctoken", "__index", "tctoken-__index.json")]
    [InlineData("tctoken", "987654321098765@lid", "tctoken-987654321098765@lid.json")]
    [InlineData("session", "5511-0.0", "session-5511-0.0.json")]
    [InlineData("session", "987654321098765_1.2", "session-987654321098765_1.2.json")]
    [InlineData("pre-key", "812", "pre-key-812.json")]
    [InlineData("lid-mapping", "987654321098765_reverse", "lid-mapping-987654321098765_reverse.json")]
    [InlineData("identity-key", "x--y--z", "identity-key-x--y--z.json")]
    public void Names_escape_and_parse_back_to_the_same_key(string type, string id, string fileName)
    {
        Assert.Equal(fileName, BaileysFileNames.GetKeyFileName(type, id));
        Assert.True(BaileysFileNames.TryParseKeyFileName(fileName, out var parsedType, out var parsedId));
        Assert.Equal(type, parsedType);
        Assert.Equal(id, parsedId);
    }

    [Theory]
    // ':' and '-' share one file name: outside sender-key names, the file name's '-' is what is recovered.
    [InlineData("tctoken", "5511:2@s.whatsapp.net", "tctoken-5511-2@s.whatsapp.net.json", "5511-2@s.whatsapp.net")]
    // '/' and '__' share one file name: only app-state-sync-key ids (base64, no '_') turn '__' back into '/'.
    [InlineData("tctoken", "a/index", "tctoken-a__index.json", "a__index")]
    [InlineData("app-state-sync-key", "a__b", "app-state-sync-key-a__b.json", "a/b")]
    // A sender-key id without the GROUP::SENDER::DEVICE shape keeps its '-'; with it, the last two "--" are "::".
    [InlineData("sender-key", "a--b", "sender-key-a--b.json", "a--b")]
    [InlineData("sender-key", "a--b--c", "sender-key-a--b--c.json", "a::b::c")]
    [InlineData("sender-key", "g-1@g.us:::1::2", "sender-key-g-1@g.us---1--2.json", "g-1@g.us-::1::2")]
    public void Ambiguous_names_recover_the_id_Baileys_formats_produce(string type, string id, string fileName, string recoveredId)
    {
        Assert.Equal(fileName, BaileysFileNames.GetKeyFileName(type, id));
        Assert.True(BaileysFileNames.TryParseKeyFileName(fileName, out var parsedType, out var parsedId));
        Assert.Equal(type, parsedType);
        Assert.Equal(recoveredId, parsedId);

        // Whatever was recovered names the same file again, so a folder read and written back keeps every name.
        Assert.Equal(fileName, BaileysFileNames.GetKeyFileName(parsedType, parsedId));
    }

    [Theory]
    [InlineData("sender-key-memory-x.json", "sender-key-memory", "x")]
    [InlineData("sender-key-memory.json", "sender-key", "memory")]
    [InlineData("app-state-sync-key-x.json", "app-state-sync-key", "x")]
    [InlineData("app-state-sync-version-x.json", "app-state-sync-version", "x")]
    [InlineData("pre-key--1.json", "pre-key", "-1")]
    [InlineData("session-.json.json", "session", ".json")]
    public void The_longest_known_type_wins_the_split(string fileName, string type, string id)
    {
        Assert.True(BaileysFileNames.TryParseKeyFileName(fileName, out var parsedType, out var parsedId));
        Assert.Equal((type, id), (parsedType, parsedId));
    }

    [Theory]
    [InlineData("creds.json")]
    [InlineData("unknown-1.json")]
    [InlineData("pre-key-.json")]
    [InlineData("pre-key.json")]
    [InlineData("pre-key-1.txt")]
    [InlineData("pre-key-1.JSON")]
    [InlineData("session-a:b.json")]
    [InlineData("tctoken-a/b.json")]
    [InlineData("session-a\nb.json")]
    [InlineData(".json")]
    [InlineData("")]
    public void Names_Baileys_never_writes_do_not_parse(string fileName)
    {
        Assert.False(BaileysFileNames.TryParseKeyFileName(fileName, out var type, out var id));
        Assert.Null(type);
        Assert.Null(id);
    }

    [Fact]
    public void Custom_key_types_parse_when_listed()
    {
        string[] types = [.. AuthKeyTypes.All, "my-state", "my-state-v2"];
        Assert.False(BaileysFileNames.TryParseKeyFileName("my-state-v2-1.json", out _, out _));
        Assert.True(BaileysFileNames.TryParseKeyFileName("my-state-v2-1.json", types, out var type, out var id));
        Assert.Equal(("my-state-v2", "1"), (type, id));
        Assert.True(BaileysFileNames.TryParseKeyFileName("my-state-v3-1.json", types, out type, out id));
        Assert.Equal(("my-state", "v3-1"), (type, id));
    }

    [Fact]
    public void Invalid_types_and_ids_are_rejected_naming_the_parameter()
    {
        Assert.Equal("type", Assert.ThrowsAny<ArgumentException>(() => BaileysFileNames.GetKeyFileName("", "1")).ParamName);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => BaileysFileNames.GetKeyFileName("session", "")).ParamName);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => BaileysFileNames.GetKeyFileName("session", "a\u0001")).ParamName);
        Assert.Equal("fileName", Assert.Throws<ArgumentNullException>(() => BaileysFileNames.TryParseKeyFileName(null!, out _, out _)).ParamName);
    }
}
