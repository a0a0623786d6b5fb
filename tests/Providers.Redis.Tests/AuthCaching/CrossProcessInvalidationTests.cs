using System.Diagnostics;
using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.AuthCaching;

/// <summary>Two caches on two connections to one server, as two worker processes would run.</summary>
public sealed class CrossProcessInvalidationTests(RedisServers servers)
{
    private static readonly TimeSpan Required = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_write_in_one_process_reaches_the_others_cache_within_50_ms()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = CacheNode.NewChannel();
        await using var a = await CacheNode.StartAsync(server, channel);
        await using var b = await CacheNode.StartAsync(server, channel);
        var session = NewSession("latency");
        var latencies = new List<TimeSpan>();

        for (var round = 0; round <= 20; round++)
        {
            var old = await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["peer"], Ct);   // cached in b now
            var hits = b.Cache.Statistics.Hits;
            Assert.Equal(old, await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["peer"], Ct));
            Assert.Equal(hits + 1, b.Cache.Statistics.Hits);

            var value = Bytes(round);
            await a.Cache.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "peer", value), Ct);
            var written = Stopwatch.GetTimestamp();
            while (!(await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["peer"], Ct)).TryGetValue("peer", out var seen) || !seen.SequenceEqual(value))
            {
                Assert.True(Stopwatch.GetElapsedTime(written) < ClientKit.Bound, "b never saw the write");
                await Task.Yield();
            }

            // Round 0 warms the code paths up (JIT); the 20 after it are measured.
            if (round > 0)
            {
                latencies.Add(Stopwatch.GetElapsedTime(written));
            }
        }

        var report = string.Join(", ", latencies.Select(latency => $"{latency.TotalMilliseconds:0.000}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"write completed → other cache returns it (ms): {report}");
        Assert.True(latencies.Max() < Required, $"From a write's completion to the other cache returning it took (ms): {report}");
        Assert.True(b.Cache.Statistics.RemoteInvalidations >= 21);
        Assert.Equal(0, a.Cache.Statistics.RemoteInvalidations);
    }

    [Fact]
    public async Task Credentials_clear_and_delete_in_one_process_reach_the_other()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = CacheNode.NewChannel();
        await using var a = await CacheNode.StartAsync(server, channel);
        await using var b = await CacheNode.StartAsync(server, channel);
        var session = NewSession("kinds");
        await a.Cache.WriteCredentialsAsync(session, Bytes(1), Ct);
        await a.Cache.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", Bytes(2)), Ct);
        Assert.Equal(Bytes(1), await b.Cache.ReadCredentialsAsync(session, Ct));
        Assert.Single(await b.Cache.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct));

        await a.Cache.WriteCredentialsAsync(session, Bytes(3), Ct);
        await ConvergesAsync(async () => (await b.Cache.ReadCredentialsAsync(session, Ct))?.SequenceEqual(Bytes(3)) == true, "new credentials in b");

        await a.Cache.ClearKeysAsync(session, Ct);
        await ConvergesAsync(async () => (await b.Cache.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct)).Count == 0, "the cleared key to leave b");

        await a.Cache.DeleteSessionAsync(session, Ct);
        await ConvergesAsync(async () => await b.Cache.ReadCredentialsAsync(session, Ct) is null, "the deleted session to leave b");
    }

    [Fact]
    public async Task Two_processes_writing_one_session_converge_on_the_last_write()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = CacheNode.NewChannel();
        await using var a = await CacheNode.StartAsync(server, channel);
        await using var b = await CacheNode.StartAsync(server, channel);
        var session = NewSession("writers");

        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(
                Task.Run(() => a.Cache.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "k", [1, (byte)round]), Ct).AsTask(), Ct),
                Task.Run(() => b.Cache.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "k", [2, (byte)round]), Ct).AsTask(), Ct));

            var stored = (await a.Store.GetKeysAsync(session, AuthKeyTypes.Session, ["k"], Ct))["k"];
            await ConvergesAsync(async () => (await a.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["k"], Ct))["k"].SequenceEqual(stored), "a to agree with Redis");
            await ConvergesAsync(async () => (await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["k"], Ct))["k"].SequenceEqual(stored), "b to agree with Redis");
        }
    }

    [Fact]
    public async Task A_reconnected_subscriber_flushes_its_cache_and_receives_invalidations_again()
    {
        await using var server = await servers.StartDedicatedAsync();
        var channel = CacheNode.NewChannel();
        await using var a = await CacheNode.StartAsync(server, channel);
        await using var b = await CacheNode.StartAsync(server, channel);
        var session = NewSession("reconnect");
        await a.Cache.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "k", Bytes(1)), Ct);
        Assert.Equal(Bytes(1), (await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["k"], Ct))["k"]);
        Assert.Equal("2", await NumSubAsync(server, channel));

        // A write nobody announces stands for the messages a subscriber misses while it is away.
        await a.Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "k", Bytes(2)), Ct);
        Assert.Equal(Bytes(1), (await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["k"], Ct))["k"]);
        await KillSubscribersAsync(server);

        // Flushed once at the reconnect and once more when the bus's own marker came back through the restored subscription.
        await ClientKit.UntilAsync(() => b.Cache.Statistics.Flushes >= 2, "b to flush after its subscriber reconnected");

        Assert.Equal(Bytes(2), (await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["k"], Ct))["k"]);
        await ClientKit.UntilAsync(async () => await NumSubAsync(server, channel) == "2", "both subscriptions to be restored");

        await a.Cache.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "k", Bytes(3)), Ct);
        await ConvergesAsync(async () => (await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["k"], Ct))["k"].SequenceEqual(Bytes(3)), "b to hear of a's write after the reconnect");
    }

    [Fact]
    public async Task Messages_published_by_another_language_are_understood_and_garbage_flushes_everything()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = CacheNode.NewChannel();
        await using var b = await CacheNode.StartAsync(server, channel);
        var session = NewSession("foreign");
        await b.Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "x", Bytes(1) }, { AuthKeyTypes.Session, "y", Bytes(2) } }, Ct);
        await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["x", "y"], Ct);
        await b.Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "x", Bytes(3) }, { AuthKeyTypes.Session, "y", Bytes(4) } }, Ct);

        await server.CliAsync("PUBLISH", channel, $$$"""{"o":"node-worker-7","s":"{{{session}}}","k":{"session":["x"]}}""");
        await ConvergesAsync(async () => (await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["x"], Ct))["x"].SequenceEqual(Bytes(3)), "the published id to be evicted");
        Assert.Equal(Bytes(2), (await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["y"], Ct))["y"]);   // not named: still cached

        await server.CliAsync("PUBLISH", channel, "not json");
        await ClientKit.UntilAsync(() => b.Cache.Statistics.Flushes == 1, "an undecodable message to flush the cache");
        Assert.Equal(Bytes(4), (await b.Cache.GetKeysAsync(session, AuthKeyTypes.Session, ["y"], Ct))["y"]);
    }

    // CLIENT KILL TYPE pubsub misses RESP3 subscribers (the server flags only RESP2 ones), so they are killed by id.
    private static async Task KillSubscribersAsync(RedisServerProcess server)
    {
        var subscribers = (await server.CliAsync("CLIENT", "LIST")).Split('\n')
            .Select(line => line.Split(' '))
            .Where(fields => fields.Any(field => field.StartsWith("sub=", StringComparison.Ordinal) && field != "sub=0"))
            .Select(fields => fields.First(field => field.StartsWith("id=", StringComparison.Ordinal))["id=".Length..])
            .ToList();
        Assert.Equal(2, subscribers.Count);
        foreach (var id in subscribers)
        {
            Assert.Equal("1", (await server.CliAsync("CLIENT", "KILL", "ID", id)).Trim());
        }
    }

    private static async Task<string> NumSubAsync(RedisServerProcess server, string channel)
        => (await server.CliAsync("PUBSUB", "NUMSUB", channel)).Split('\n')[1].Trim();

    // Another process's cache hears of a write a moment after it completes: poll (bounded) rather than sleep.
    private static Task ConvergesAsync(Func<Task<bool>> condition, string what) => ClientKit.UntilAsync(condition, what);
}
