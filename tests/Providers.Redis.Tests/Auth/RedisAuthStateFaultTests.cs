using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.Auth;

/// <summary>
/// The faults that break real deployments: a server killed or a connection cut in the middle of a change-set, an error
/// reply inside the script, reads during an outage. Each operation fails closed with
/// <see cref="AuthStoreUnavailableException"/>; a change-set is whole or absent; a retried change-set converges.
/// </summary>
public sealed class RedisAuthStateFaultTests(RedisServers servers)
{
    private const int Ids = 20;

    [Fact]
    public async Task Every_operation_during_an_outage_throws_the_typed_exception_and_never_returns_empty()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var connection = await ConnectAsync(server.EndPoint);
        await using var store = new RedisAuthStateStore(connection);
        var session = NewSession();
        await store.WriteCredentialsAsync(session, Bytes(1), Ct);
        await store.SetKeysAsync(session, Version(1, Ids), Ct);

        server.Kill();

        var read = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.ReadCredentialsAsync(session, Ct).AsTask());
        Assert.Equal((session, "GET"), (read.SessionId, read.Operation));
        Assert.Contains(session, read.Message, StringComparison.Ordinal);
        var get = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct).AsTask());
        Assert.Equal((session, "HMGET", $"auth:{{{session}}}:keys:pre-key"), (get.SessionId, get.Operation, get.Key));
        Assert.IsAssignableFrom<StoreUnavailableException>(get.InnerException);
        Assert.Equal("EVALSHA", (await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.SetKeysAsync(session, Version(2, Ids), Ct).AsTask())).Operation);
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.ClearKeysAsync(session, Ct).AsTask());
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => ListSessionsAsync(store));
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(async () =>
        {
            await foreach (var _ in store.ListKeysAsync(session, Ct))
            {
            }
        });

        // The server comes back (empty: it had no persistence) and the same store serves again.
        await server.RestartAsync();
        await ClientKit.UntilAsync(async () => await TryAsync(() => store.WriteCredentialsAsync(session, Bytes(2), Ct).AsTask()), "the store to write again");
        Assert.Equal(Bytes(2), await store.ReadCredentialsAsync(session, Ct));
    }

    [Fact]
    public async Task A_server_that_stops_answering_fails_reads_with_the_typed_exception_after_the_timeout()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server);
        await using var connection = await ConnectAsync(proxy.EndPoint);
        await using var store = new RedisAuthStateStore(connection);
        var session = NewSession();
        await store.SetKeysAsync(session, Version(1, Ids), Ct);

        proxy.Blackhole(true);

        var error = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.GetKeysAsync(session, AuthKeyTypes.Session, ["1"], Ct).AsTask());
        Assert.IsType<RedisTimeoutException>(error.InnerException);
        Assert.Equal(session, error.SessionId);
    }

    [Fact]
    public async Task A_server_unreachable_at_first_use_fails_closed()
    {
        await using var store = new RedisAuthStateStore(new RedisAuthStateOptions { Configuration = $"127.0.0.1:{ClosedPort()},connectTimeout=500,connectRetry=1" });
        var session = NewSession();

        var error = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.ReadCredentialsAsync(session, Ct).AsTask());

        Assert.Equal(("connect", session), (error.Operation, error.SessionId));
        Assert.IsType<RedisConnectionException>(error.InnerException);
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct).AsTask());
    }

    [Fact]
    public async Task An_error_reply_inside_the_change_set_applies_nothing_and_reads_fail_instead_of_returning_empty()
    {
        var server = await servers.GetStandaloneAsync();
        await using var connection = await ConnectAsync(server.EndPoint);
        await using var store = new RedisAuthStateStore(connection);
        var session = NewSession();
        await store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.SenderKey, "kept", Bytes(1)), Ct);

        // Another program (or a bug) left a string where the session hash belongs: HSET on it fails with WRONGTYPE.
        await RawAsync(connection, "SET", $"auth:{{{session}}}:keys:session", "not a hash");
        var error = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.SetKeysAsync(session, Version(2, Ids), Ct).AsTask());

        Assert.Equal(("EVALSHA", session), (error.Operation, error.SessionId));
        Assert.Equal("WRONGTYPE", Assert.IsType<RedisServerException>(error.InnerException).ErrorCode);
        Assert.Empty(await store.GetKeysAsync(session, AuthKeyTypes.PreKey, VersionIds(Ids), Ct));
        Assert.Equal(["kept"], (await store.GetKeysAsync(session, AuthKeyTypes.SenderKey, VersionIds(Ids).Append("kept").ToArray(), Ct)).Keys);
        Assert.Equal(["sender-key"], (await RawAsync(connection, "SMEMBERS", $"auth:{{{session}}}:types")).Items.Select(item => item.AsString()));
        var read = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.GetKeysAsync(session, AuthKeyTypes.Session, ["1"], Ct).AsTask());
        Assert.Equal("WRONGTYPE", Assert.IsType<RedisServerException>(read.InnerException).ErrorCode);

        // A wrong-typed types set refuses change-sets and clears alike, before anything moves.
        var other = NewSession();
        await RawAsync(connection, "SET", $"auth:{{{other}}}:types", "not a set");
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.SetKeysAsync(other, Version(1, Ids), Ct).AsTask());
        Assert.Equal(0, (await RawAsync(connection, "EXISTS", $"auth:{{{other}}}:keys:pre-key")).AsInt64());
        await RawAsync(connection, "SET", $"auth:{{{other}}}:creds", "creds");
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => store.DeleteSessionAsync(other, Ct).AsTask());
        Assert.Equal(1, (await RawAsync(connection, "EXISTS", $"auth:{{{other}}}:creds")).AsInt64());
        await RawAsync(connection, "UNLINK", $"auth:{{{other}}}:types", $"auth:{{{other}}}:creds", $"auth:{{{session}}}:keys:session");
    }

    [Fact]
    public async Task A_connection_cut_before_the_change_set_reaches_the_server_applies_nothing_and_a_retry_converges()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var proxy = new FaultProxy(server);
        await using var connection = await ConnectAsync(proxy.EndPoint);
        await using var store = new RedisAuthStateStore(connection);
        await using var observer = await ObserverAsync(server);
        var session = NewSession();
        await store.SetKeysAsync(session, Version(1, Ids), Ct);

        proxy.Blackhole(true);
        var write = store.SetKeysAsync(session, Version(2, Ids), Ct).AsTask();
        await ClientKit.UntilAsync(() => proxy.SwallowedBytes > 0, "the change-set to enter the proxy");
        proxy.Blackhole(false);
        await proxy.DropConnectionsAsync();

        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => write);
        Assert.Equal([1], await VersionsAsync(observer.Store, session, Ids));
        await RetryUntilAppliedAsync(store, session, Version(2, Ids));
        Assert.Equal([2], await VersionsAsync(observer.Store, session, Ids));
    }

    [Fact]
    public async Task A_connection_cut_after_the_server_applied_the_change_set_leaves_it_whole_and_a_retry_converges()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var proxy = new FaultProxy(server);
        var options = FastFailing(proxy.EndPoint);
        options.AsyncTimeout = TimeSpan.FromSeconds(30); // longer than the proxy holds the round trip
        await using var connection = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        await using var store = new RedisAuthStateStore(connection);
        await using var observer = await ObserverAsync(server);
        var session = NewSession();
        await store.SetKeysAsync(session, Version(1, Ids), Ct);

        // Each direction is held back: the server runs the script, and the reply is still in the proxy when we cut.
        proxy.Delay = TimeSpan.FromSeconds(1);
        var write = store.SetKeysAsync(session, Version(2, Ids), Ct).AsTask();
        await ClientKit.UntilAsync(async () =>
        {
            var versions = await AtomicVersionsAsync(observer.Connection, session, Ids);
            Assert.Single(versions); // never a mix, even while it lands
            return versions.Contains(2);
        }, "the server to apply the change-set");
        Assert.False(write.IsCompleted, "the reply should still be held by the proxy");
        await proxy.DropConnectionsAsync();
        proxy.Delay = TimeSpan.Zero;

        var error = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => write);
        Assert.Equal(session, error.SessionId);
        Assert.Equal([2], await VersionsAsync(observer.Store, session, Ids));
        await RetryUntilAppliedAsync(store, session, Version(2, Ids));
        Assert.Equal([2], await VersionsAsync(observer.Store, session, Ids));
        Assert.Equal(["pre-key", "sender-key", "session"], (await RawAsync(observer.Connection, "SMEMBERS", $"auth:{{{session}}}:types")).Items.Select(item => item.AsString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_server_killed_during_change_sets_keeps_each_whole_and_a_retry_converges()
    {
        // Every acknowledged write is on disk before its reply, as in a deployment that must not lose sessions.
        await using var server = await servers.StartDedicatedAsync("--appendonly", "yes", "--appendfsync", "always");
        await using var connection = await ConnectAsync(server.EndPoint);
        await using var store = new RedisAuthStateStore(connection);
        var session = NewSession();
        const int ManyIds = 300;

        var failedAt = 0;
        var writer = Task.Run(async () =>
        {
            for (var version = 1; ; version++)
            {
                try
                {
                    await store.SetKeysAsync(session, Version(version, ManyIds), Ct);
                }
                catch (AuthStoreUnavailableException)
                {
                    failedAt = version;
                    return;
                }
            }
        }, Ct);
        await ClientKit.UntilAsync(async () => (await CallsAsync(server, "evalsha")) >= 20, "a few change-sets to land");
        server.Kill();
        await writer.WaitAsync(ClientKit.Bound, Ct);

        await server.RestartAsync();
        await using (var observer = await ObserverAsync(server))
        {
            var survived = Assert.Single(await VersionsAsync(observer.Store, session, ManyIds));
            Assert.InRange(survived, failedAt - 1, failedAt);
        }

        await RetryUntilAppliedAsync(store, session, Version(failedAt, ManyIds));
        Assert.Equal([failedAt], await VersionsAsync(store, session, ManyIds));
    }

    /// <summary>A second store on its own connection straight to the server (around any proxy), to look at what is stored.</summary>
    private static async Task<Observer> ObserverAsync(RedisServerProcess server)
    {
        return new Observer(await ConnectAsync(server.EndPoint));
    }

    // What the transaction helper does after a failed commit: the same change-set again until it goes through.
    private static Task RetryUntilAppliedAsync(IAuthStateStore store, string session, AuthKeyChangeSet changes)
        => ClientKit.UntilAsync(async () => await TryAsync(() => store.SetKeysAsync(session, changes, Ct).AsTask()), "the retried change-set to go through");

    private static async Task<bool> TryAsync(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (AuthStoreUnavailableException)
        {
            return false;
        }
    }

    private sealed class Observer(RedisConnection connection) : IAsyncDisposable
    {
        public RedisConnection Connection => connection;

        public RedisAuthStateStore Store { get; } = new(connection);

        public async ValueTask DisposeAsync()
        {
            await Store.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
