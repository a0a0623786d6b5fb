using System.Globalization;
using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.Auth;

/// <summary>
/// What only a server of its own can show, counted in its INFO: round trips of coalesced reads, reads that never
/// write, deletions by UNLINK.
/// </summary>
public sealed class RedisAuthStateServerTests(RedisServers servers)
{
    [Fact]
    public async Task Concurrent_reads_of_one_type_issued_during_a_round_trip_share_one_more_HMGET_and_each_get_their_ids()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var proxy = new FaultProxy(server);
        await using var connection = await ConnectAsync(proxy.EndPoint);
        await using var store = new RedisAuthStateStore(connection);
        var session = NewSession();
        var changes = new AuthKeyChangeSet();
        for (var id = 0; id < 64; id++)
        {
            changes.Set(AuthKeyTypes.Session, $"peer-{id}", Bytes(id));
        }

        await store.SetKeysAsync(session, changes, Ct);
        var before = await CallsAsync(server, "hmget");

        // The proxy holds each round trip for 100 ms, so every read below starts while the first is in flight.
        proxy.Delay = TimeSpan.FromMilliseconds(100);
        const int Callers = 32;
        var reads = Enumerable.Range(0, Callers)
            .Select(caller => store.GetKeysAsync(session, AuthKeyTypes.Session, [$"peer-{caller}", $"peer-{caller + 32}", $"absent-{caller}"], Ct).AsTask())
            .ToArray();
        var results = await Task.WhenAll(reads);
        proxy.Delay = TimeSpan.Zero;

        var roundTrips = await CallsAsync(server, "hmget") - before;
        Assert.InRange(roundTrips, 1, 2);
        for (var caller = 0; caller < Callers; caller++)
        {
            Assert.Equal(new[] { $"peer-{caller}", $"peer-{caller + 32}" }.Order(StringComparer.Ordinal), results[caller].Keys.Order(StringComparer.Ordinal));
            Assert.Equal(Bytes(caller), results[caller][$"peer-{caller}"]);
            Assert.Equal(Bytes(caller + 32), results[caller][$"peer-{caller + 32}"]);
        }

        Assert.Equal(0, store.ReadsInFlight);
    }

    [Fact]
    public async Task Reads_and_listings_never_write_and_deletions_unlink()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var connection = await ConnectAsync(server.EndPoint);
        await using var store = new RedisAuthStateStore(connection);
        var session = NewSession();
        await store.WriteCredentialsAsync(session, Bytes(1), Ct);
        await store.SetKeysAsync(session, Version(1, 200), Ct);
        var changes = await ChangesAsync(server);

        Assert.NotNull(await store.ReadCredentialsAsync(session, Ct));
        Assert.Equal([1], await VersionsAsync(store, session, 200));
        Assert.Empty(await store.GetKeysAsync(NewSession(), AuthKeyTypes.PreKey, ["1"], Ct));
        Assert.Equal([session], await ListSessionsAsync(store));
        var keys = 0;
        await foreach (var _ in store.ListKeysAsync(session, Ct))
        {
            keys++;
        }

        Assert.Equal(600, keys);
        Assert.Equal(changes, await ChangesAsync(server));

        await store.DeleteSessionAsync(session, Ct);
        Assert.Equal(0, await CallsAsync(server, "del"));
        Assert.Equal(5, await CallsAsync(server, "unlink")); // creds, types and the three hashes
        Assert.Equal("0", (await server.CliAsync("DBSIZE")).Trim());
    }

    [Fact]
    public async Task A_change_set_of_812_pre_keys_with_sessions_and_sender_keys_is_one_script_call()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var connection = await ConnectAsync(server.EndPoint);
        await using var store = new RedisAuthStateStore(connection);
        var session = NewSession();
        var changes = new AuthKeyChangeSet();
        for (var id = 1; id <= 812; id++)
        {
            changes.Set(AuthKeyTypes.PreKey, id.ToString(CultureInfo.InvariantCulture), Bytes(id, 160));
        }

        changes.Set(AuthKeyTypes.Session, "4915200000000.0", Bytes(1, 4096)).Set(AuthKeyTypes.SenderKey, "g@g.us::me::0", Bytes(2, 512)).Delete(AuthKeyTypes.Session, "gone");
        await store.SetKeysAsync(NewSession(), new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", [1]), Ct); // loads the script
        var evalsBefore = await CallsAsync(server, "evalsha");

        await store.SetKeysAsync(session, changes, Ct);

        Assert.Equal(1, await CallsAsync(server, "evalsha") - evalsBefore);
        Assert.Equal("812", (await server.CliAsync("HLEN", $"auth:{{{session}}}:keys:pre-key")).Trim());
    }

    private static async Task<string?> ChangesAsync(RedisServerProcess server)
        => await ClientKit.InfoFieldAsync(server, "persistence", "rdb_changes_since_last_save");
}
