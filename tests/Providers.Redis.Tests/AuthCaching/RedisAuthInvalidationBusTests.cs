using System.Collections.Concurrent;
using Adapters.Redis.Auth;
using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.AuthCaching;

public sealed class RedisAuthInvalidationBusTests(RedisServers servers)
{
    [Fact]
    public async Task Every_kind_of_invalidation_travels_between_two_connections_intact()
    {
        var server = await servers.GetStandaloneAsync();
        var options = new RedisAuthInvalidationBusOptions { Channel = CacheNode.NewChannel() };
        await using var first = await ClientKit.ConnectAsync(server);
        await using var second = await ClientKit.ConnectAsync(server);
        await using var publisher = new RedisAuthInvalidationBus(first, options);
        await using var subscriber = new RedisAuthInvalidationBus(second, options);
        var received = new BlockingCollection<AuthStateInvalidation>();
        await using var subscription = await subscriber.SubscribeAsync(received.Add, Ct);
        var session = NewSession("bus");
        AuthStateInvalidation[] sent =
        [
            AuthStateInvalidation.ForCredentials("a", session),
            AuthStateInvalidation.ForKeys("a", session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", null }, { AuthKeyTypes.Session, "4915:3.0", [1] }, { AuthKeyTypes.Session, "\"quoted\" é", [2] } }),
            AuthStateInvalidation.ForSession("b", session, credentials: false),
            AuthStateInvalidation.ForSession(null, session, credentials: true),
            AuthStateInvalidation.Everything("c"),
        ];

        foreach (var invalidation in sent)
        {
            await publisher.PublishAsync(invalidation, Ct);
        }

        foreach (var expected in sent)
        {
            Assert.True(received.TryTake(out var actual, ClientKit.Bound), $"{expected} never arrived");
            Assert.Equal(Describe(expected), Describe(actual));
        }
    }

    [Fact]
    public void The_wire_format_is_the_documented_JSON()
    {
        var keys = AuthStateInvalidation.ForKeys("node-1", "s", new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "7", [1]));

        Assert.Equal("""{"o":"node-1","s":"s","k":{"pre-key":["7"]}}""", System.Text.Encoding.UTF8.GetString(RedisAuthInvalidationCodec.Encode(keys)));
        Assert.Equal("""{"s":"s","c":true,"a":true}""", System.Text.Encoding.UTF8.GetString(RedisAuthInvalidationCodec.Encode(AuthStateInvalidation.ForSession(null, "s", credentials: true))));
        Assert.Equal("adapters:auth:v1:invalidate", new RedisAuthInvalidationBusOptions().Channel);
        Assert.Throws<InvalidDataException>(() => RedisAuthInvalidationCodec.Decode("""{"s":"bad{session}"}"""u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => RedisAuthInvalidationCodec.Decode("[1]"u8.ToArray()));
        Assert.Equal("Channel", Assert.ThrowsAny<ArgumentException>(() => new RedisAuthInvalidationBusOptions { Channel = " " }.Validate()).ParamName);
    }

    [Fact]
    public async Task Disposing_the_bus_leaves_the_channel_and_its_handlers_get_nothing_more()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = CacheNode.NewChannel();
        await using var connection = await ClientKit.ConnectAsync(server);
        var bus = new RedisAuthInvalidationBus(connection, new RedisAuthInvalidationBusOptions { Channel = channel });
        var received = 0;
        var subscription = await bus.SubscribeAsync(_ => Interlocked.Increment(ref received), Ct);
        Assert.Equal($"{channel}\n1\n", await server.CliAsync("PUBSUB", "NUMSUB", channel));

        await subscription.DisposeAsync();
        await bus.PublishAsync(AuthStateInvalidation.Everything("x"), Ct);
        await bus.DisposeAsync();

        await ClientKit.UntilAsync(async () => await server.CliAsync("PUBSUB", "NUMSUB", channel) == $"{channel}\n0\n", "the channel to be left");
        Assert.Equal(0, Volatile.Read(ref received));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => bus.PublishAsync(AuthStateInvalidation.Everything("x"), Ct).AsTask());
    }

    [Fact]
    public async Task An_unreachable_server_fails_publishing_and_subscribing_with_the_typed_exception()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var connection = await ConnectAsync(server.EndPoint);
        await using var bus = new RedisAuthInvalidationBus(connection);
        server.Kill();

        var publish = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => bus.PublishAsync(AuthStateInvalidation.ForCredentials("x", "s"), Ct).AsTask());
        Assert.Equal(("publish", "s"), (publish.Operation, publish.SessionId));
        var subscribe = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => bus.SubscribeAsync(_ => { }, Ct).AsTask());
        Assert.Equal("subscribe", subscribe.Operation);
    }

    [Fact]
    public async Task A_cache_on_a_dead_server_serves_what_it_holds_and_fails_closed_on_everything_else()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var node = await CacheNode.StartAsync(server, CacheNode.NewChannel(), fastFailing: true);
        var session = NewSession("outage");
        await node.Cache.WriteCredentialsAsync(session, Bytes(1), Ct);
        server.Kill();

        Assert.Equal(Bytes(1), await node.Cache.ReadCredentialsAsync(session, Ct));   // held: what Redis held when it was written
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => node.Cache.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct).AsTask());
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => node.Cache.WriteCredentialsAsync(session, Bytes(2), Ct).AsTask());
        Assert.Equal(0, node.Cache.Statistics.Entries);   // the failed write dropped the credentials: they may have changed
        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => node.Cache.ReadCredentialsAsync(session, Ct).AsTask());
    }

    private static string Describe(AuthStateInvalidation invalidation)
        => $"{invalidation.Origin}|{invalidation.SessionId}|{invalidation.Credentials}|{invalidation.AllKeys}|"
            + string.Join(";", invalidation.Keys.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={string.Join(",", pair.Value.Order(StringComparer.Ordinal))}"));
}
