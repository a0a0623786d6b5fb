using System.Text;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.Auth;

/// <summary>The Redis store's own promises beyond the conformance suite: the key layout, the types set, isolation and listing.</summary>
public sealed class RedisAuthStateTests(StandaloneAuthStateFixture fixture) : IClassFixture<StandaloneAuthStateFixture>
{
    private RedisAuthStateStore Store => fixture.RedisStore;

    [Fact]
    public async Task A_session_uses_the_documented_layout_under_one_hash_tag()
    {
        var session = NewSession();
        await Store.WriteCredentialsAsync(session, Bytes(1), Ct);
        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", Bytes(2) }, { AuthKeyTypes.Session, "a.0", Bytes(3) } }, Ct);

        Assert.Equal(Bytes(1), await RawGetAsync(fixture.Connection, $"auth:{{{session}}}:creds"));
        Assert.Equal("hash", (await RawAsync(fixture.Connection, "TYPE", $"auth:{{{session}}}:keys:pre-key")).AsString());
        Assert.Equal(Bytes(2), (await RawAsync(fixture.Connection, "HGET", $"auth:{{{session}}}:keys:pre-key", "1")).AsBytes());
        Assert.Equal(Bytes(3), (await RawAsync(fixture.Connection, "HGET", $"auth:{{{session}}}:keys:session", "a.0")).AsBytes());
        Assert.Equal([AuthKeyTypes.PreKey, AuthKeyTypes.Session], await TypesAsync(session));
    }

    [Fact]
    public async Task The_types_set_holds_exactly_the_types_that_have_keys()
    {
        var session = NewSession();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", Bytes(1) }, { AuthKeyTypes.Session, "s", Bytes(2) } }, Ct);

        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "s", null }, { AuthKeyTypes.DeviceList, "never", null } }, Ct);

        Assert.Equal([AuthKeyTypes.PreKey], await TypesAsync(session));
        Assert.Equal(0, (await RawAsync(fixture.Connection, "EXISTS", $"auth:{{{session}}}:keys:session")).AsInt64());
        await Store.SetKeysAsync(session, new AuthKeyChangeSet().Delete(AuthKeyTypes.PreKey, "1"), Ct);
        Assert.Equal(0, (await RawAsync(fixture.Connection, "EXISTS", $"auth:{{{session}}}:types")).AsInt64());
        Assert.DoesNotContain(session, await ListSessionsAsync(Store));
    }

    [Fact]
    public async Task Sessions_whose_ids_are_prefixes_of_each_other_are_isolated_on_clear_delete_and_list()
    {
        var a = NewSession("p");
        string[] sessions = [a, a + "b", a + ":b", a + ":keys:pre-key", a + "*", a + "?"];
        foreach (var (session, index) in sessions.Select((s, i) => (s, i)))
        {
            await Store.WriteCredentialsAsync(session, Bytes(index), Ct);
            await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", Bytes(100 + index) }, { AuthKeyTypes.Session, "x", Bytes(200 + index) } }, Ct);
        }

        await Store.ClearKeysAsync(a, Ct);
        await Store.DeleteSessionAsync(a + "b", Ct);

        Assert.Equal(Bytes(0), await Store.ReadCredentialsAsync(a, Ct));
        Assert.Empty(await Store.GetKeysAsync(a, AuthKeyTypes.PreKey, ["1"], Ct));
        Assert.Null(await Store.ReadCredentialsAsync(a + "b", Ct));
        Assert.Empty(await Store.GetKeysAsync(a + "b", AuthKeyTypes.Session, ["x"], Ct));
        for (var index = 2; index < sessions.Length; index++)
        {
            Assert.Equal(Bytes(index), await Store.ReadCredentialsAsync(sessions[index], Ct));
            Assert.Equal(Bytes(100 + index), (await Store.GetKeysAsync(sessions[index], AuthKeyTypes.PreKey, ["1"], Ct))["1"]);
            Assert.Equal(Bytes(200 + index), (await Store.GetKeysAsync(sessions[index], AuthKeyTypes.Session, ["x"], Ct))["x"]);
        }

        var listed = (await ListSessionsAsync(Store)).Where(session => session.StartsWith(a, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(sessions.Where(session => session != a + "b").Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Listing_names_each_session_once_and_ignores_keys_that_imitate_the_layout()
    {
        var session = NewSession();
        var keysOnly = NewSession();
        await Store.WriteCredentialsAsync(session, Bytes(1), Ct);
        await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", Bytes(2)), Ct);

        // A key type may contain '}' and ':': its hash then looks like another session's credentials to a glob.
        await Store.SetKeysAsync(keysOnly, new AuthKeyChangeSet().Set("x}:creds", "1", Bytes(3)), Ct);
        await RawAsync(fixture.Connection, "SET", $"auth:{{{session}:creds", "no closing brace");
        await RawAsync(fixture.Connection, "SET", "auth:{}:creds", "empty tag");

        var listed = await ListSessionsAsync(Store);

        Assert.Single(listed, session);
        Assert.Single(listed, keysOnly);
        Assert.DoesNotContain(listed, id => id.Contains('}', StringComparison.Ordinal) || id.Contains('{', StringComparison.Ordinal) || id.Length == 0);
        await RawAsync(fixture.Connection, "UNLINK", $"auth:{{{session}:creds", "auth:{}:creds");
    }

    [Fact]
    public async Task Two_store_instances_writing_one_session_leave_the_last_writer_per_key()
    {
        await using var otherConnection = await RedisConnection.ConnectAsync(fixture.Connection.Options, cancellationToken: Ct);
        await using var other = new RedisAuthStateStore(otherConnection);
        var session = NewSession();

        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "1", Bytes(1) }, { AuthKeyTypes.Session, "2", Bytes(1) } }, Ct);
        await other.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "2", Bytes(2) }, { AuthKeyTypes.Session, "3", Bytes(2) } }, Ct);

        var seen = await Store.GetKeysAsync(session, AuthKeyTypes.Session, ["1", "2", "3"], Ct);
        Assert.Equal([Bytes(1), Bytes(2), Bytes(2)], new[] { seen["1"], seen["2"], seen["3"] });

        // Concurrently, each change-set lands whole: the final state is one writer's last change-set on every key.
        const int Ids = 40;
        var writers = new[] { Store, other }.Select((store, writer) => Task.Run(async () =>
        {
            for (var version = 1; version <= 30; version++)
            {
                await store.SetKeysAsync(session, Version((writer * 1000) + version, Ids), Ct);
            }
        }, Ct)).ToArray();
        await Task.WhenAll(writers);

        var final = Assert.Single(await VersionsAsync(Store, session, Ids));
        Assert.Contains(final, new[] { 30, 1030 });
        Assert.Equal([final], await VersionsAsync(other, session, Ids));
    }

    [Theory]
    [InlineData("a{b")]
    [InlineData("a}b")]
    [InlineData("{tag}")]
    [InlineData("bell\a")]
    [InlineData("soh\u0001")]
    [InlineData("")]
    public async Task Session_ids_with_braces_or_control_characters_are_rejected_by_every_operation(string sessionId)
    {
        var changes = new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", [1]);
        Func<Task>[] operations =
        [
            () => Store.ReadCredentialsAsync(sessionId, Ct).AsTask(),
            () => Store.WriteCredentialsAsync(sessionId, new byte[] { 1 }, Ct).AsTask(),
            () => Store.GetKeysAsync(sessionId, AuthKeyTypes.PreKey, ["1"], Ct).AsTask(),
            () => Store.SetKeysAsync(sessionId, changes, Ct).AsTask(),
            () => Store.ClearKeysAsync(sessionId, Ct).AsTask(),
            () => Store.DeleteSessionAsync(sessionId, Ct).AsTask(),
            () => Task.FromResult(Store.ListKeysAsync(sessionId, Ct)),
        ];

        foreach (var operation in operations)
        {
            Assert.Equal("sessionId", (await Assert.ThrowsAnyAsync<ArgumentException>(operation)).ParamName);
        }
    }

    [Fact]
    public async Task Bad_types_and_oversized_values_are_rejected_before_anything_is_sent()
    {
        var session = NewSession();
        Assert.Equal("type", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetKeysAsync(session, "bad\ntype", ["1"], Ct).AsTask())).ParamName);
        Assert.Equal("credentials", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.WriteCredentialsAsync(session, new byte[(64 * 1024) + 1], Ct).AsTask())).ParamName);
        Assert.Null(await Store.ReadCredentialsAsync(session, Ct));
    }

    [Fact]
    public async Task Reads_of_a_session_that_does_not_exist_create_nothing()
    {
        var session = NewSession();

        Assert.Null(await Store.ReadCredentialsAsync(session, Ct));
        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct));
        await foreach (var key in Store.ListKeysAsync(session, Ct))
        {
            Assert.Fail($"listed {key}");
        }

        var keys = await RawAsync(fixture.Connection, "EXISTS", $"auth:{{{session}}}:creds", $"auth:{{{session}}}:types", $"auth:{{{session}}}:keys:pre-key");
        Assert.Equal(0, keys.AsInt64());
    }

    [Fact]
    public void Options_without_a_connection_or_with_unusable_settings_are_rejected()
    {
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new RedisAuthStateStore(new RedisAuthStateOptions())).ParamName);
        Assert.Equal("MaxValueBytes", Assert.ThrowsAny<ArgumentException>(() => new RedisAuthStateStore(fixture.Connection, new RedisAuthStateOptions { MaxValueBytes = 0 })).ParamName);
    }

    private async Task<string[]> TypesAsync(string session)
    {
        var members = await RawAsync(fixture.Connection, "SMEMBERS", $"auth:{{{session}}}:types");
        return [.. members.Items.Select(item => item.AsString()!).Order(StringComparer.Ordinal)];
    }
}

/// <summary>On a cluster: a session's keys share one slot, and listing covers every master.</summary>
public sealed class ClusterAuthStateTests(ClusterAuthStateFixture fixture, RedisServers servers) : IClassFixture<ClusterAuthStateFixture>
{
    [Fact]
    public async Task Every_key_of_a_session_hashes_to_the_slot_of_its_tag()
    {
        var cluster = await servers.GetClusterAsync();
        var session = NewSession("slot");
        await fixture.Store.WriteCredentialsAsync(session, Bytes(1), Ct);
        await fixture.Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", Bytes(2) }, { AuthKeyTypes.AppStateSyncVersion, "regular", Bytes(3) } }, Ct);
        var slot = await cluster.SlotOfAsync(session);
        var owner = cluster.Masters[await cluster.MasterIndexOfSlotAsync(slot)];

        var inSlot = (await owner.CliAsync("CLUSTER", "GETKEYSINSLOT", slot.ToString(System.Globalization.CultureInfo.InvariantCulture), "100"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        string[] expected = [$"auth:{{{session}}}:creds", $"auth:{{{session}}}:types", $"auth:{{{session}}}:keys:pre-key", $"auth:{{{session}}}:keys:app-state-sync-version"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), inSlot.Where(key => key.Contains(session, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Listing_finds_sessions_on_every_master()
    {
        var cluster = await servers.GetClusterAsync();
        var sessions = Enumerable.Range(0, 24).Select(_ => NewSession("spread")).ToArray();
        foreach (var session in sessions)
        {
            await fixture.Store.WriteCredentialsAsync(session, Encoding.UTF8.GetBytes(session), Ct);
        }

        var masters = new HashSet<int>();
        foreach (var session in sessions)
        {
            masters.Add(await cluster.MasterIndexOfSlotAsync(await cluster.SlotOfAsync(session)));
        }

        var listed = await ListSessionsAsync(fixture.Store);

        Assert.True(masters.Count > 1, "the sessions should spread over several masters");
        Assert.All(sessions, session => Assert.Single(listed, session));
    }

    [Fact]
    public async Task A_change_set_across_types_and_a_clear_run_in_the_session_slot()
    {
        var session = NewSession();
        await fixture.Store.SetKeysAsync(session, Version(7, 100), Ct);
        Assert.Equal([7], await VersionsAsync(fixture.Store, session, 100));

        await fixture.Store.DeleteSessionAsync(session, Ct);

        Assert.Equal([0], await VersionsAsync(fixture.Store, session, 100));
        Assert.Equal(0, (await RawAsync(fixture.Connection, "EXISTS", $"auth:{{{session}}}:types")).AsInt64());
    }
}
