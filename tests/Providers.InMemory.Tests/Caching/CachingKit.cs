using Xunit;

namespace Adapters.InMemory.Tests.Caching;

/// <summary>What the caching tests share.</summary>
internal static class CachingKit
{
    public const string Session = "phone-1";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static byte[] Bytes(int seed, int length = 32)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static AuthKeyChangeSet One(string id, byte[]? value, string type = AuthKeyTypes.Session) => new() { { type, id, value } };

    public static async Task<byte[]?> ReadKeyAsync(this IAuthStateStore store, string id, string type = AuthKeyTypes.Session)
        => (await store.GetKeysAsync(Session, type, [id], Ct)).GetValueOrDefault(id);

    /// <summary>The bytes an entry is accounted with: its value, id and fixed bookkeeping.</summary>
    public static long EntryBytes(string id, int valueLength) => 160 + (2 * id.Length) + valueLength;

    public const long SessionBytes = 256;
}
