using System.Text.Json;
using Xunit;

namespace Adapters.Redis.Tests.Baileys;

/// <summary>
/// The committed fixture (a folder written by Baileys' own useMultiFileAuthState, see generate-fixture.mjs) and the
/// manifest Node computed from the values it handed Baileys, so tests compare our reading with Baileys' own data.
/// </summary>
internal static class BaileysKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string FixtureFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Baileys", "Fixtures", "baileys_auth_info");

    public static Manifest Fixture { get; } = Manifest.Load(Path.Combine(AppContext.BaseDirectory, "Baileys", "Fixtures", "manifest.json"));

    public static byte[] FixtureFile(string fileName) => File.ReadAllBytes(Path.Combine(FixtureFolder, fileName));

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    /// <summary>Every file of a folder by name, with its bytes.</summary>
    public static SortedDictionary<string, byte[]> ReadFolder(string folder)
        => new(Directory.EnumerateFileSystemEntries(folder).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes), StringComparer.Ordinal);

    internal sealed record ManifestKey(string Type, string Id, string File, string? BufferHex, string? PrivateHex, string? PublicHex);

    internal sealed record Manifest(
        string BaileysVersion,
        string NoiseKeyPrivateHex,
        string SignedIdentityKeyPublicHex,
        string SignedPreKeySignatureHex,
        int RegistrationId,
        string MeName,
        IReadOnlyList<ManifestKey> Keys,
        IReadOnlyList<(string Type, string Id)> Deleted)
    {
        public static Manifest Load(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var creds = root.GetProperty("creds");
            var keys = root.GetProperty("keys").EnumerateArray().Select(key => new ManifestKey(
                key.GetProperty("type").GetString()!,
                key.GetProperty("id").GetString()!,
                key.GetProperty("file").GetString()!,
                Optional(key, "bufferHex"),
                Optional(key, "privateHex"),
                Optional(key, "publicHex"))).ToList();
            var deleted = root.GetProperty("deleted").EnumerateArray()
                .Select(key => (key.GetProperty("type").GetString()!, key.GetProperty("id").GetString()!)).ToList();
            return new Manifest(
                root.GetProperty("baileysVersion").GetString()!,
                creds.GetProperty("noiseKeyPrivateHex").GetString()!,
                creds.GetProperty("signedIdentityKeyPublicHex").GetString()!,
                creds.GetProperty("signedPreKeySignatureHex").GetString()!,
                creds.GetProperty("registrationId").GetInt32(),
                creds.GetProperty("meName").GetString()!,
                keys,
                deleted);
        }

        private static string? Optional(JsonElement element, string name)
            => element.TryGetProperty(name, out var value) ? value.GetString() : null;
    }
}
