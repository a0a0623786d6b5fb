using System.Text;
using Adapters.Baileys;
using Adapters.InMemory;
using Xunit;
using static Adapters.Redis.Tests.Baileys.BaileysKit;

namespace Adapters.Redis.Tests.Baileys;

/// <summary>Import and export between a store session and a folder written by Baileys' own useMultiFileAuthState.</summary>
public sealed class BaileysAuthFolderTests : IDisposable
{
    private const string Session = "phone-1";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Importing_the_fixture_stores_every_file_byte_for_byte_under_its_Baileys_type_and_id()
    {
        var store = new InMemoryAuthStateStore();
        var summary = await BaileysAuthFolder.ImportAsync(store, Session, FixtureFolder, Ct);

        Assert.Equal(46, summary.KeyCount);
        Assert.Equal(29, summary.KeysByType[AuthKeyTypes.PreKey]);
        Assert.Equal(3, summary.KeysByType[AuthKeyTypes.Session]);
        Assert.Equal(2, summary.KeysByType[AuthKeyTypes.SenderKey]);
        Assert.Equal(2, summary.KeysByType[AuthKeyTypes.AppStateSyncKey]);
        Assert.Equal(Fixture.Keys.GroupBy(key => key.Type).ToDictionary(group => group.Key, group => group.Count()), summary.KeysByType);

        Assert.Equal(FixtureFile("creds.json"), await store.ReadCredentialsAsync(Session, Ct));
        foreach (var key in Fixture.Keys)
        {
            var stored = await store.GetKeysAsync(Session, key.Type, [key.Id], Ct);
            Assert.True(stored.ContainsKey(key.Id), $"{key.Type} {key.Id}");
            Assert.Equal(FixtureFile(key.File), stored[key.Id]);
        }

        var listed = await store.ListKeysAsync(Session, Ct).ToListAsync(Ct);
        Assert.Equal(Fixture.Keys.Select(key => (key.Type, key.Id)).Order(), listed.Order());

        // The pre-key Baileys deleted is absent, and stored values decode to what Baileys held in memory.
        var (deletedType, deletedId) = Assert.Single(Fixture.Deleted);
        Assert.Empty(await store.GetKeysAsync(Session, deletedType, [deletedId], Ct));
        Assert.Equal(Hex(Fixture.NoiseKeyPrivateHex), BaileysBufferJson.GetBuffer((await store.ReadCredentialsAsync(Session, Ct))!, "noiseKey", "private"));
        var binary = Fixture.Keys.First(key => key.Type == AuthKeyTypes.Session && key.BufferHex is not null);
        var session = await store.GetKeysAsync(Session, binary.Type, [binary.Id], Ct);
        Assert.Equal(Hex(binary.BufferHex!), BaileysBufferJson.GetBuffer(session[binary.Id]));
        var senderKey = await store.GetKeysAsync(Session, AuthKeyTypes.SenderKey, ["120363025246125888@g.us::5511999990000::7"], Ct);
        Assert.Single(senderKey);
        var appStateKey = await store.GetKeysAsync(Session, AuthKeyTypes.AppStateSyncKey, ["AAAAAP/w"], Ct);
        Assert.Single(appStateKey);
    }

    [Fact]
    public async Task Import_is_one_change_set_then_the_credentials()
    {
        var store = new RecordingAuthStateStore(new InMemoryAuthStateStore());
        await BaileysAuthFolder.ImportAsync(store, Session, FixtureFolder, Ct);
        Assert.Equal(["SetKeys(46)", "WriteCredentials"], store.Writes);
    }

    [Fact]
    public async Task Exporting_an_imported_session_reproduces_Baileys_folder_byte_for_byte()
    {
        var store = new InMemoryAuthStateStore();
        await BaileysAuthFolder.ImportAsync(store, Session, FixtureFolder, Ct);

        var target = _temp.Combine("exported", "auth");
        var summary = await BaileysAuthFolder.ExportAsync(store, Session, target, Ct);

        Assert.Equal(46, summary.KeyCount);
        var expected = ReadFolder(FixtureFolder);
        var actual = ReadFolder(target);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), name);
        }

        // Only the target appears next to it: the staging folder was renamed into place.
        Assert.Equal([target], Directory.GetFileSystemEntries(_temp.Combine("exported")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(target, "creds.json")));
        }
    }

    [Fact]
    public async Task Exported_folder_imports_back_into_another_session_with_the_same_keys()
    {
        var store = new InMemoryAuthStateStore();
        await BaileysAuthFolder.ImportAsync(store, Session, FixtureFolder, Ct);
        var target = _temp.Combine("copy");
        await BaileysAuthFolder.ExportAsync(store, Session, target, Ct);
        await BaileysAuthFolder.ImportAsync(store, "phone-2", target, Ct);

        Assert.Equal(await store.ReadCredentialsAsync(Session, Ct), await store.ReadCredentialsAsync("phone-2", Ct));
        foreach (var key in Fixture.Keys)
        {
            var first = await store.GetKeysAsync(Session, key.Type, [key.Id], Ct);
            var second = await store.GetKeysAsync("phone-2", key.Type, [key.Id], Ct);
            Assert.Equal(first[key.Id], second[key.Id]);
        }
    }

    [Fact]
    public async Task Ids_with_colons_slashes_dashes_and_at_signs_round_trip_through_a_folder()
    {
        var store = new InMemoryAuthStateStore();
        var changes = new AuthKeyChangeSet()
            .Set(AuthKeyTypes.SenderKey, "5511999990000-1500000000@g.us::123456789012345_1::12", Json("{\"type\":\"Buffer\",\"data\":\"AQ==\"}"))
            .Set(AuthKeyTypes.SenderKey, "120363@g.us::5511::0", Json("{\"type\":\"Buffer\",\"data\":\"Ag==\"}"))
            .Set(AuthKeyTypes.AppStateSyncKey, "AAAA/+/w", Json("{\"keyData\":\"AQ==\"}"))
            .Set(AuthKeyTypes.TcToken, "__index", Json("{\"token\":{\"type\":\"Buffer\",\"data\":\"W10=\"}}"))
            .Set(AuthKeyTypes.Session, "5511-1.0", Json("{\"type\":\"Buffer\",\"data\":\"Aw==\"}"))
            .Set(AuthKeyTypes.SenderKeyMemory, "5511-1500000000@g.us", Json("{\"5511:2@s.whatsapp.net\":true}"));
        await store.SetKeysAsync(Session, changes, Ct);
        await store.WriteCredentialsAsync(Session, Json("{\"registered\":false}"), Ct);

        var target = _temp.Combine("ids");
        await BaileysAuthFolder.ExportAsync(store, Session, target, Ct);
        Assert.Equal(
            [
                "app-state-sync-key-AAAA__+__w.json",
                "creds.json",
                "sender-key-120363@g.us--5511--0.json",
                "sender-key-5511999990000-1500000000@g.us--123456789012345_1--12.json",
                "sender-key-memory-5511-1500000000@g.us.json",
                "session-5511-1.0.json",
                "tctoken-__index.json",
            ],
            ReadFolder(target).Keys);

        await BaileysAuthFolder.ImportAsync(store, "phone-2", target, Ct);
        foreach (var change in changes)
        {
            var stored = await store.GetKeysAsync("phone-2", change.Type, [change.Id], Ct);
            Assert.Equal(change.Value, stored[change.Id]);
        }
    }

    [Fact]
    public async Task Export_into_an_existing_empty_folder_fills_it()
    {
        var store = new InMemoryAuthStateStore();
        await BaileysAuthFolder.ImportAsync(store, Session, FixtureFolder, Ct);
        var target = _temp.Combine("empty");
        Directory.CreateDirectory(target);

        await BaileysAuthFolder.ExportAsync(store, Session, target + Path.DirectorySeparatorChar, Ct);
        Assert.Equal(47, Directory.GetFiles(target).Length);
    }

    [Fact]
    public async Task Overwrite_replaces_a_session_and_deletes_its_keys_the_folder_lacks_in_the_same_change_set()
    {
        var store = new RecordingEnumerableAuthStateStore(new InMemoryAuthStateStore());
        await store.Inner.WriteCredentialsAsync(Session, Json("{\"old\":true}"), Ct);
        await store.Inner.SetKeysAsync(Session, new AuthKeyChangeSet()
            .Set(AuthKeyTypes.PreKey, "999", Json("1"))
            .Set(AuthKeyTypes.PreKey, "1", Json("2")), Ct);

        await BaileysAuthFolder.ImportAsync(store, Session, FixtureFolder, new BaileysImportOptions { Overwrite = true }, Ct);

        Assert.Equal(["SetKeys(47)", "WriteCredentials"], store.Writes);
        Assert.Empty(await store.GetKeysAsync(Session, AuthKeyTypes.PreKey, ["999"], Ct));
        Assert.Equal(FixtureFile("pre-key-1.json"), (await store.GetKeysAsync(Session, AuthKeyTypes.PreKey, ["1"], Ct))["1"]);
        Assert.Equal(FixtureFile("creds.json"), await store.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(46, await store.ListKeysAsync(Session, Ct).CountAsync(Ct));

        // A retry converges to the same state.
        await BaileysAuthFolder.ImportAsync(store, Session, FixtureFolder, new BaileysImportOptions { Overwrite = true }, Ct);
        Assert.Equal(46, await store.ListKeysAsync(Session, Ct).CountAsync(Ct));
    }

    [Fact]
    public async Task A_folder_with_only_credentials_imports_and_exports()
    {
        var source = _temp.Combine("creds-only");
        Directory.CreateDirectory(source);
        await File.WriteAllBytesAsync(Path.Combine(source, "creds.json"), FixtureFile("creds.json"), Ct);

        var store = new RecordingEnumerableAuthStateStore(new InMemoryAuthStateStore());
        var summary = await BaileysAuthFolder.ImportAsync(store, Session, source, Ct);
        Assert.Equal(0, summary.KeyCount);
        Assert.Equal(["WriteCredentials"], store.Writes);

        var target = _temp.Combine("creds-only-out");
        await BaileysAuthFolder.ExportAsync(store, Session, target, Ct);
        Assert.Equal(["creds.json"], ReadFolder(target).Keys);
    }

    [Fact]
    public async Task Custom_key_types_import_when_listed_in_the_options()
    {
        var source = _temp.Combine("custom");
        Directory.CreateDirectory(source);
        await File.WriteAllBytesAsync(Path.Combine(source, "creds.json"), FixtureFile("creds.json"), Ct);
        await File.WriteAllTextAsync(Path.Combine(source, "my-state-a-b.json"), "[1]", Ct);

        var store = new InMemoryAuthStateStore();
        await Assert.ThrowsAsync<InvalidDataException>(() => BaileysAuthFolder.ImportAsync(store, Session, source, Ct));
        await BaileysAuthFolder.ImportAsync(store, Session, source, new BaileysImportOptions { KeyTypes = [.. AuthKeyTypes.All, "my-state"] }, Ct);
        Assert.Equal("[1]", Encoding.UTF8.GetString((await store.GetKeysAsync(Session, "my-state", ["a-b"], Ct))["a-b"]));
    }

    [Fact]
    public async Task The_in_memory_store_lists_keys_of_one_session_only()
    {
        var store = new InMemoryAuthStateStore();
        await store.SetKeysAsync("a", new AuthKeyChangeSet().Set("session", "1", [1]).Set("pre-key", "2", [2]), Ct);
        await store.SetKeysAsync("ab", new AuthKeyChangeSet().Set("session", "3", [3]), Ct);
        await store.SetKeysAsync("a", new AuthKeyChangeSet().Delete("pre-key", "2"), Ct);

        Assert.Equal([("session", "1")], await store.ListKeysAsync("a", Ct).ToListAsync(Ct));
        Assert.Equal([("session", "3")], await store.ListKeysAsync("ab", Ct).ToListAsync(Ct));
        Assert.Empty(await store.ListKeysAsync("unknown", Ct).ToListAsync(Ct));
        Assert.Equal("sessionId", Assert.ThrowsAny<ArgumentException>(() => store.ListKeysAsync("a{b}", Ct)).ParamName);
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);
}
