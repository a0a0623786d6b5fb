using System.Text;
using Adapters.Baileys;
using Adapters.InMemory;
using Xunit;
using static Adapters.Redis.Tests.Baileys.BaileysKit;

namespace Adapters.Redis.Tests.Baileys;

/// <summary>Bad folders, bad sessions and bad arguments: clear errors, and nothing half-written.</summary>
public sealed class BaileysAuthFolderFailureTests : IDisposable
{
    private const string Session = "phone-1";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string, string> BadFolders => new()
    {
        // (file to add or "-creds.json" to remove, its content, a fragment the message must hold)
        { "-creds.json", "", "has no creds.json" },
        { "unknown-type-1.json", "{}", "'unknown-type-1.json' is neither creds.json nor a key file of a known type" },
        { "notes.txt", "hello", "'notes.txt' is neither creds.json" },
        { "session-a:b.json", "{}", "'session-a:b.json' is not a key file name Baileys writes" },
        { "pre-key-9999.json", "{\"private\":", "'pre-key-9999.json' is not valid JSON" },
        { "pre-key-9999.json", "", "'pre-key-9999.json' is not valid JSON" },
        { "pre-key-9999.json", "{} {}", "'pre-key-9999.json' is not valid JSON" },
        { "pre-key-9999.json", "\uFEFF{}", "'pre-key-9999.json' starts with a byte order mark" },
        { "creds.json", "[1,2]", "'creds.json' holds a JSON Array, not an object" },
        { "creds.json", "{\"noiseKey\":", "'creds.json' is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFolders))]
    public async Task A_bad_folder_fails_clearly_and_writes_nothing(string file, string content, string message)
    {
        var folder = CopyFixture();
        if (file.StartsWith('-'))
        {
            File.Delete(Path.Combine(folder, file[1..]));
        }
        else
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, file), Encoding.UTF8.GetBytes(content), Ct);
        }

        var store = new RecordingEnumerableAuthStateStore(new InMemoryAuthStateStore());
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => BaileysAuthFolder.ImportAsync(store, Session, folder, Ct));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(store.Writes);
        Assert.Empty(await store.ListSessionsAsync(Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Invalid_UTF8_a_subfolder_and_a_symbolic_link_are_refused()
    {
        var store = new RecordingEnumerableAuthStateStore(new InMemoryAuthStateStore());

        var invalidUtf8 = CopyFixture();
        await File.WriteAllBytesAsync(Path.Combine(invalidUtf8, "pre-key-9999.json"), [(byte)'"', 0xC3, (byte)'"'], Ct);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => BaileysAuthFolder.ImportAsync(store, Session, invalidUtf8, Ct));
        Assert.Contains("is not valid UTF-8", error.Message, StringComparison.Ordinal);

        var subfolder = CopyFixture();
        Directory.CreateDirectory(Path.Combine(subfolder, "backup"));
        error = await Assert.ThrowsAsync<InvalidDataException>(() => BaileysAuthFolder.ImportAsync(store, Session, subfolder, Ct));
        Assert.Contains("'backup' is a folder", error.Message, StringComparison.Ordinal);

        var linked = CopyFixture();
        var outside = _temp.Combine("outside.json");
        await File.WriteAllTextAsync(outside, "{}", Ct);
        File.CreateSymbolicLink(Path.Combine(linked, "session-1.0.json"), outside);
        error = await Assert.ThrowsAsync<InvalidDataException>(() => BaileysAuthFolder.ImportAsync(store, Session, linked, Ct));
        Assert.Contains("'session-1.0.json' is a symbolic link", error.Message, StringComparison.Ordinal);

        Assert.Empty(store.Writes);
    }

    [Fact]
    public async Task A_missing_folder_is_DirectoryNotFound()
    {
        var store = new InMemoryAuthStateStore();
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => BaileysAuthFolder.ImportAsync(store, Session, _temp.Combine("nope"), Ct));
    }

    [Fact]
    public async Task Import_refuses_a_session_that_holds_state_unless_told_to_overwrite()
    {
        var withCreds = new RecordingEnumerableAuthStateStore(new InMemoryAuthStateStore());
        await withCreds.Inner.WriteCredentialsAsync(Session, "{}"u8.ToArray(), Ct);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BaileysAuthFolder.ImportAsync(withCreds, Session, FixtureFolder, Ct));
        Assert.Contains("already holds credentials or keys", error.Message, StringComparison.Ordinal);

        // A session holding only keys (an import that failed before its credentials) counts too, listed or not.
        var withKeys = new RecordingEnumerableAuthStateStore(new InMemoryAuthStateStore());
        await withKeys.Inner.SetKeysAsync(Session, new AuthKeyChangeSet().Set("pre-key", "1", [1]), Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => BaileysAuthFolder.ImportAsync(withKeys, Session, FixtureFolder, Ct));
        var unlisted = new RecordingAuthStateStore(withKeys.Inner);
        await Assert.ThrowsAsync<InvalidOperationException>(() => BaileysAuthFolder.ImportAsync(unlisted, Session, FixtureFolder, Ct));

        Assert.Empty(withCreds.Writes);
        Assert.Empty(withKeys.Writes);
        Assert.Empty(unlisted.Writes);

        // Other sessions do not count.
        await BaileysAuthFolder.ImportAsync(unlisted, "phone-10", FixtureFolder, Ct);
        Assert.Equal(["SetKeys(46)", "WriteCredentials"], unlisted.Writes);
    }

    [Fact]
    public async Task Overwrite_needs_a_store_that_lists_keys()
    {
        var store = new RecordingAuthStateStore(new InMemoryAuthStateStore());
        await Assert.ThrowsAsync<NotSupportedException>(() => BaileysAuthFolder.ImportAsync(store, Session, FixtureFolder, new BaileysImportOptions { Overwrite = true }, Ct));
        Assert.Empty(store.Writes);
    }

    [Fact]
    public async Task Export_needs_credentials_and_a_store_that_lists_keys()
    {
        var store = new InMemoryAuthStateStore();
        await store.SetKeysAsync(Session, new AuthKeyChangeSet().Set("pre-key", "1", "{}"u8.ToArray()), Ct);
        var target = _temp.Combine("out");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BaileysAuthFolder.ExportAsync(store, Session, target, Ct));
        Assert.Contains("has no credentials", error.Message, StringComparison.Ordinal);

        var unlisted = new RecordingAuthStateStore(store);
        Assert.Equal("store", (await Assert.ThrowsAsync<ArgumentException>(() => BaileysAuthFolder.ExportAsync(unlisted, Session, target, Ct))).ParamName);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task Export_refuses_ids_that_collide_on_one_file_name_and_writes_nothing()
    {
        var store = await SessionWithAsync(new AuthKeyChangeSet()
            .Set(AuthKeyTypes.TcToken, "5511:2@s.whatsapp.net", "{}"u8.ToArray())
            .Set(AuthKeyTypes.TcToken, "5511-2@s.whatsapp.net", "{}"u8.ToArray()));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BaileysAuthFolder.ExportAsync(store, Session, _temp.Combine("out"), Ct));
        Assert.Contains("'tctoken-5511-2@s.whatsapp.net.json'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Root));
    }

    [Fact]
    public async Task Export_refuses_values_Baileys_could_not_parse_and_leaves_no_staging_behind()
    {
        var store = await SessionWithAsync(new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "1.0", [0xFF, 0x00]));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => BaileysAuthFolder.ExportAsync(store, Session, _temp.Combine("out"), Ct));
        Assert.Contains("The session key '1.0'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Root));

        await store.WriteCredentialsAsync(Session, "not json"u8.ToArray(), Ct);
        await store.SetKeysAsync(Session, new AuthKeyChangeSet().Delete(AuthKeyTypes.Session, "1.0"), Ct);
        error = await Assert.ThrowsAsync<InvalidDataException>(() => BaileysAuthFolder.ExportAsync(store, Session, _temp.Combine("out"), Ct));
        Assert.Contains("The credentials of session 'phone-1' is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Root));
    }

    [Fact]
    public async Task Export_refuses_a_non_empty_folder_or_a_file_and_leaves_them_alone()
    {
        var store = await SessionWithAsync(new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", "{}"u8.ToArray()));
        var busy = _temp.Combine("busy");
        Directory.CreateDirectory(busy);
        await File.WriteAllTextAsync(Path.Combine(busy, "creds.json"), "{\"mine\":1}", Ct);
        await Assert.ThrowsAsync<IOException>(() => BaileysAuthFolder.ExportAsync(store, Session, busy, Ct));
        Assert.Equal("{\"mine\":1}", await File.ReadAllTextAsync(Path.Combine(busy, "creds.json"), Ct));
        Assert.Single(Directory.GetFileSystemEntries(busy));

        var file = _temp.Combine("a-file");
        await File.WriteAllTextAsync(file, "x", Ct);
        await Assert.ThrowsAsync<IOException>(() => BaileysAuthFolder.ExportAsync(store, Session, file, Ct));
        Assert.Equal(2, Directory.GetFileSystemEntries(_temp.Root).Length);
    }

    [Fact]
    public async Task Arguments_are_validated_naming_the_parameter()
    {
        var store = new InMemoryAuthStateStore();
        var folder = FixtureFolder;
        Assert.Equal("store", (await Assert.ThrowsAsync<ArgumentNullException>(() => BaileysAuthFolder.ImportAsync(null!, Session, folder, Ct))).ParamName);
        Assert.Equal("sessionId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => BaileysAuthFolder.ImportAsync(store, "a{b}", folder, Ct))).ParamName);
        Assert.Equal("sessionId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => BaileysAuthFolder.ImportAsync(store, "", folder, Ct))).ParamName);
        Assert.Equal("folder", (await Assert.ThrowsAnyAsync<ArgumentException>(() => BaileysAuthFolder.ImportAsync(store, Session, " ", Ct))).ParamName);
        Assert.Equal("folder", (await Assert.ThrowsAnyAsync<ArgumentException>(() => BaileysAuthFolder.ImportAsync(store, Session, null!, Ct))).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAnyAsync<ArgumentException>(() => BaileysAuthFolder.ImportAsync(store, Session, folder, null!, Ct))).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAnyAsync<ArgumentException>(() => BaileysAuthFolder.ImportAsync(store, Session, folder, new BaileysImportOptions { KeyTypes = ["ok", ""] }, Ct))).ParamName);

        Assert.Equal("store", (await Assert.ThrowsAsync<ArgumentNullException>(() => BaileysAuthFolder.ExportAsync(null!, Session, folder, Ct))).ParamName);
        Assert.Equal("sessionId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => BaileysAuthFolder.ExportAsync(store, "a\nb", folder, Ct))).ParamName);
        Assert.Equal("folder", (await Assert.ThrowsAnyAsync<ArgumentException>(() => BaileysAuthFolder.ExportAsync(store, Session, "", Ct))).ParamName);
        Assert.Empty(await store.ListSessionsAsync(Ct).ToListAsync(Ct));
    }

    private string CopyFixture()
    {
        var folder = _temp.Combine("copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(FixtureFolder))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    private static async Task<InMemoryAuthStateStore> SessionWithAsync(AuthKeyChangeSet changes)
    {
        var store = new InMemoryAuthStateStore();
        await store.WriteCredentialsAsync(Session, "{}"u8.ToArray(), Ct);
        await store.SetKeysAsync(Session, changes, Ct);
        return store;
    }
}
