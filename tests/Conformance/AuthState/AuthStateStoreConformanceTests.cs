using Xunit;

namespace Adapters.Conformance.AuthState;

/// <summary>
/// The conformance suite of <see cref="IAuthStateStore"/>: inherit it with your provider's fixture.
/// This part covers credentials, keys, atomic change-sets and session isolation.
/// </summary>
/// <typeparam name="TFixture">The provider's fixture.</typeparam>
public abstract partial class AuthStateStoreConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : AuthStateStoreFixture
{
    /// <summary>The store under test.</summary>
    protected IAuthStateStore Store => Fixture.Store;

    /// <summary>A session id no other test uses.</summary>
    protected static string NewSession() => ConformanceFixture.UniqueName("session");

    /// <summary>Deterministic bytes that differ per seed.</summary>
    protected static byte[] Bytes(int seed, int length = 32)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public virtual async Task Credentials_round_trip_and_are_replaced()
    {
        var session = NewSession();
        Assert.Null(await Store.ReadCredentialsAsync(session, Ct));

        await Store.WriteCredentialsAsync(session, Bytes(1, 900), Ct);
        Assert.Equal(Bytes(1, 900), await Store.ReadCredentialsAsync(session, Ct));

        await Store.WriteCredentialsAsync(session, Bytes(2, 10), Ct);
        Assert.Equal(Bytes(2, 10), await Store.ReadCredentialsAsync(session, Ct));
    }

    [Fact]
    public virtual async Task Keys_round_trip_per_type_with_binary_and_empty_values()
    {
        var session = NewSession();
        var everyByte = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet
        {
            { AuthKeyTypes.PreKey, "1", Bytes(1) },
            { AuthKeyTypes.PreKey, "2", everyByte },
            { AuthKeyTypes.Session, "1", Bytes(3, 4096) },
            { "custom:type", "1", [] },
        }, Ct);

        var preKeys = await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1", "2"], Ct);
        Assert.Equal(Bytes(1), preKeys["1"]);
        Assert.Equal(everyByte, preKeys["2"]);
        Assert.Equal(Bytes(3, 4096), (await Store.GetKeysAsync(session, AuthKeyTypes.Session, ["1"], Ct))["1"]);
        Assert.Empty((await Store.GetKeysAsync(session, "custom:type", ["1"], Ct))["1"]);
    }

    [Fact]
    public virtual async Task Missing_ids_are_absent_from_the_result()
    {
        var session = NewSession();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", Bytes(1)), Ct);

        var found = await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["0", "1", "2"], Ct);

        Assert.Equal(["1"], found.Keys);
        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.Session, ["1"], Ct));
        Assert.Empty(await Store.GetKeysAsync(NewSession(), AuthKeyTypes.PreKey, ["1"], Ct));
        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, [], Ct));
    }

    [Fact]
    public virtual async Task A_null_value_deletes_the_key()
    {
        var session = NewSession();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "a", Bytes(1) }, { AuthKeyTypes.Session, "b", Bytes(2) } }, Ct);

        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "a", null }, { AuthKeyTypes.Session, "never-existed", null } }, Ct);

        Assert.Equal(["b"], (await Store.GetKeysAsync(session, AuthKeyTypes.Session, ["a", "b", "never-existed"], Ct)).Keys);
    }

    [Fact]
    public virtual async Task Eight_hundred_twelve_pre_keys_are_stored_in_one_change_set()
    {
        var session = NewSession();
        var changes = new AuthKeyChangeSet();
        for (var id = 1; id <= 812; id++)
        {
            changes.Set(AuthKeyTypes.PreKey, id.ToString(System.Globalization.CultureInfo.InvariantCulture), Bytes(id, 160));
        }

        await Store.SetKeysAsync(session, changes, Ct);

        var ids = Enumerable.Range(1, 812).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var found = await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ids, Ct);
        Assert.Equal(812, found.Count);
        Assert.All(ids, id => Assert.Equal(Bytes(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), 160), found[id]));
    }

    [Fact]
    public virtual async Task A_change_set_the_store_refuses_leaves_nothing_half_written()
    {
        RequireCapability(Fixture.MaxValueBytes is not null, "The fixture declares no value-size limit the suite can exceed.");
        var session = NewSession();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "kept", Bytes(1)), Ct);

        var changes = new AuthKeyChangeSet
        {
            { AuthKeyTypes.PreKey, "1", Bytes(2) },
            { AuthKeyTypes.Session, "kept", null },
            { AuthKeyTypes.AppStateSyncVersion, "critical", new byte[Fixture.MaxValueBytes!.Value + 1] },
        };
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetKeysAsync(session, changes, Ct).AsTask());

        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct));
        Assert.Single(await Store.GetKeysAsync(session, AuthKeyTypes.Session, ["kept"], Ct));
        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.AppStateSyncVersion, ["critical"], Ct));
    }

    [Fact]
    public virtual async Task Readers_never_see_a_change_set_half_applied()
    {
        var session = NewSession();
        const int Ids = 50;
        string[] types = [AuthKeyTypes.PreKey, AuthKeyTypes.Session, AuthKeyTypes.SenderKey];
        var ids = Enumerable.Range(0, Ids).Select(i => $"id{i}").ToArray();
        AuthKeyChangeSet Version(int version)
        {
            var changes = new AuthKeyChangeSet();
            foreach (var type in types)
            {
                foreach (var id in ids)
                {
                    changes.Set(type, id, BitConverter.GetBytes(version));
                }
            }

            return changes;
        }

        await Store.SetKeysAsync(session, Version(0), Ct);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var version = 1; version <= 60; version++)
            {
                await Store.SetKeysAsync(session, Version(version), Ct);
            }

            await stop.CancelAsync();
        }, Ct);

        var checks = 0;
        while (!stop.IsCancellationRequested || checks == 0)
        {
            // Within one type a read is one snapshot; across types, a later read can never see an older change-set.
            var floor = 0;
            foreach (var type in types)
            {
                var versions = (await Store.GetKeysAsync(session, type, ids, Ct)).Values.Select(v => BitConverter.ToInt32(v)).Distinct().ToList();
                var version = Assert.Single(versions);
                Assert.True(version >= floor, $"read version {version} of {type} after version {floor} of an earlier type");
                floor = version;
            }

            checks++;
        }

        await writer;
    }

    [Fact]
    public virtual async Task Sessions_whose_ids_share_prefixes_are_isolated()
    {
        var root = NewSession();
        string[] sessions = [root, root + ":keys", root + "x", root + ":keys:pre-key", root + "*"];
        foreach (var (session, index) in sessions.Select((s, i) => (s, i)))
        {
            await Store.WriteCredentialsAsync(session, Bytes(index), Ct);
            await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", Bytes(100 + index)), Ct);
        }

        await Store.ClearKeysAsync(root, Ct);
        await Store.DeleteSessionAsync(root + "x", Ct);

        Assert.Empty(await Store.GetKeysAsync(root, AuthKeyTypes.PreKey, ["1"], Ct));
        Assert.Null(await Store.ReadCredentialsAsync(root + "x", Ct));
        foreach (var index in new[] { 1, 3, 4 })
        {
            Assert.Equal(Bytes(index), await Store.ReadCredentialsAsync(sessions[index], Ct));
            Assert.Equal(Bytes(100 + index), (await Store.GetKeysAsync(sessions[index], AuthKeyTypes.PreKey, ["1"], Ct))["1"]);
        }
    }

    [Fact]
    public virtual async Task Clear_keeps_credentials_and_delete_removes_everything()
    {
        var session = NewSession();
        await Store.WriteCredentialsAsync(session, Bytes(1), Ct);
        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", Bytes(2) }, { AuthKeyTypes.Session, "s", Bytes(3) } }, Ct);

        await Store.ClearKeysAsync(session, Ct);
        Assert.Equal(Bytes(1), await Store.ReadCredentialsAsync(session, Ct));
        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct));
        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.Session, ["s"], Ct));

        await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", Bytes(4)), Ct);
        await Store.DeleteSessionAsync(session, Ct);
        Assert.Null(await Store.ReadCredentialsAsync(session, Ct));
        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct));
    }

    [Fact]
    public virtual async Task Listing_returns_sessions_with_data_and_not_deleted_ones()
    {
        var withCreds = NewSession();
        var withKeys = NewSession();
        var deleted = NewSession();
        await Store.WriteCredentialsAsync(withCreds, Bytes(1), Ct);
        await Store.SetKeysAsync(withKeys, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", Bytes(2)), Ct);
        await Store.WriteCredentialsAsync(deleted, Bytes(3), Ct);
        await Store.DeleteSessionAsync(deleted, Ct);

        var listed = new HashSet<string>();
        await foreach (var session in Store.ListSessionsAsync(Ct))
        {
            listed.Add(session);
        }

        Assert.Contains(withCreds, listed);
        Assert.Contains(withKeys, listed);
        Assert.DoesNotContain(deleted, listed);
    }

    [Fact]
    public virtual async Task Values_are_copied_in_and_out()
    {
        var session = NewSession();
        var written = Bytes(1);
        var creds = Bytes(2);
        await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", written), Ct);
        await Store.WriteCredentialsAsync(session, creds, Ct);
        written[0] ^= 0xFF;
        creds[0] ^= 0xFF;

        var read = (await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct))["1"];
        read[1] ^= 0xFF;

        Assert.Equal(Bytes(1), (await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct))["1"]);
        Assert.Equal(Bytes(2), await Store.ReadCredentialsAsync(session, Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a{b")]
    [InlineData("a}b")]
    [InlineData("tab\there")]
    public virtual async Task Invalid_session_ids_are_rejected_naming_the_parameter(string sessionId)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReadCredentialsAsync(sessionId, Ct).AsTask());
        Assert.Equal("sessionId", error.ParamName);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetKeysAsync(sessionId, new AuthKeyChangeSet().Set("t", "1", [1]), Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteSessionAsync(sessionId, Ct).AsTask());
    }

    [Fact]
    public virtual async Task Invalid_arguments_are_rejected_naming_the_parameter()
    {
        var session = NewSession();
        Assert.Equal("type", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetKeysAsync(session, "", ["1"], Ct).AsTask())).ParamName);
        Assert.Equal("ids", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetKeysAsync(session, "t", null!, Ct).AsTask())).ParamName);
        Assert.Equal("changes", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetKeysAsync(session, null!, Ct).AsTask())).ParamName);
        Assert.Equal("type", Assert.ThrowsAny<ArgumentException>(() => new AuthKeyChangeSet().Set("bad\ntype", "1", [1])).ParamName);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new AuthKeyChangeSet().Set("t", "", [1])).ParamName);
    }

    [Fact]
    public virtual async Task An_empty_change_set_changes_nothing()
    {
        var session = NewSession();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet(), Ct);

        await foreach (var listed in Store.ListSessionsAsync(Ct))
        {
            Assert.NotEqual(session, listed);
        }
    }
}
