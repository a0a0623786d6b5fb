using System.Globalization;
using Adapters.Redis.Commands;
using Adapters.Redis.Protocol;
using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Auth;

/// <summary>What the Redis auth-state tests share: sessions, values, version-stamped change-sets and raw inspection.</summary>
internal static class AuthTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewSession(string purpose = "auth") => $"{purpose}-{Guid.NewGuid():N}";

    public static byte[] Bytes(int seed, int length = 32)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The types a version-stamped change-set spans, as Baileys writes them after a pre-key upload and a message.</summary>
    public static readonly string[] VersionTypes = [AuthKeyTypes.PreKey, AuthKeyTypes.Session, AuthKeyTypes.SenderKey];

    public static string[] VersionIds(int count) => [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Every key of every <see cref="VersionTypes"/> type set to a value that names <paramref name="version"/>.</summary>
    public static AuthKeyChangeSet Version(int version, int idsPerType, int valueBytes = 160)
    {
        var changes = new AuthKeyChangeSet();
        foreach (var type in VersionTypes)
        {
            foreach (var id in VersionIds(idsPerType))
            {
                var value = new byte[valueBytes];
                BitConverter.TryWriteBytes(value, version);
                changes.Set(type, id, value);
            }
        }

        return changes;
    }

    /// <summary>The versions found across every key of a version-stamped session (0 for an absent key).</summary>
    public static async Task<HashSet<int>> VersionsAsync(IAuthStateStore store, string sessionId, int idsPerType)
    {
        var versions = new HashSet<int>();
        foreach (var type in VersionTypes)
        {
            var found = await store.GetKeysAsync(sessionId, type, VersionIds(idsPerType), Ct);
            foreach (var id in VersionIds(idsPerType))
            {
                versions.Add(found.TryGetValue(id, out var value) ? BitConverter.ToInt32(value) : 0);
            }
        }

        return versions;
    }

    /// <summary>
    /// The versions across every key of a version-stamped session, read in one script so the read is atomic: reading
    /// type by type through the store could fall on either side of a change-set and report a mix it never stored.
    /// </summary>
    public static async Task<HashSet<int>> AtomicVersionsAsync(RedisConnection connection, string sessionId, int idsPerType)
    {
        const string ReadAll = "local all = {} for i, key in ipairs(KEYS) do all[i] = redis.call('HMGET', key, unpack(ARGV)) end return all";
        CommandArg[] args = [ReadAll, VersionTypes.Length, .. VersionTypes.Select(type => (CommandArg)$"auth:{{{sessionId}}}:keys:{type}"), .. VersionIds(idsPerType).Select(id => (CommandArg)id)];
        var reply = await connection.RawAsync("EVAL", args);
        return [.. reply.Items.SelectMany(hash => hash.Items).Select(value => value.AsBytes() is { } bytes ? BitConverter.ToInt32(bytes) : 0)];
    }

    public static RedisOptions FastFailing(string endPoint)
    {
        var options = RedisOptions.Parse(endPoint);
        options.AsyncTimeout = TimeSpan.FromSeconds(1);
        options.ConnectTimeout = TimeSpan.FromSeconds(1);
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        return options;
    }

    public static async Task<RedisConnection> ConnectAsync(string endPoint)
        => await RedisConnection.ConnectAsync(FastFailing(endPoint), cancellationToken: Ct).WaitAsync(ClientKit.Bound, Ct);

    public static Task<RespValue> RawAsync(RedisConnection connection, string command, params CommandArg[] args)
        => connection.RawAsync(command, args);

    public static async Task<List<string>> ListSessionsAsync(IAuthStateStore store)
    {
        var sessions = new List<string>();
        await foreach (var session in store.ListSessionsAsync(Ct))
        {
            sessions.Add(session);
        }

        return sessions;
    }

    /// <summary>A loopback port nothing listens on (bound and released a moment ago).</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Calls of <paramref name="command"/> on <paramref name="server"/> since it started (commands inside scripts count).</summary>
    public static Task<long> CallsAsync(RedisServerProcess server, string command) => ClientKit.CallsAsync(server, command);

    public static ValueTask<byte[]?> RawGetAsync(RedisConnection connection, string key) => connection.Executor.GetAsync(key, Ct);
}
