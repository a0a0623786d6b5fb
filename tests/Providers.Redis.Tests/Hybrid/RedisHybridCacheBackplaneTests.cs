using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Microsoft.Extensions.Logging;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.Hybrid;

public sealed class RedisHybridCacheBackplaneTests(RedisServers servers)
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234);

    /// <summary>A channel of one test, so tests sharing a server do not see each other's messages.</summary>
    public static string NewChannel() => $"{RedisHybridCacheBackplaneOptions.DefaultChannel}:{Guid.NewGuid():N}";

    [Fact]
    public async Task Two_backplanes_see_each_others_key_tag_and_everything_messages_intact_and_their_own()
    {
        var server = await servers.GetStandaloneAsync();
        var options = new RedisHybridCacheBackplaneOptions { Channel = NewChannel() };
        await using var first = await ClientKit.ConnectAsync(server);
        await using var second = await ClientKit.ConnectAsync(server);
        await using var a = new RedisHybridCacheBackplane(first, options);
        await using var b = new RedisHybridCacheBackplane(second, options);
        var inboxA = new BackplaneInbox();
        var inboxB = new BackplaneInbox();
        await using var subscriptionA = await a.SubscribeAsync(inboxA.Add, Ct);
        await using var subscriptionB = await b.SubscribeAsync(inboxB.Add, Ct);
        HybridCacheInvalidation[] fromA =
        [
            HybridCacheInvalidation.ForKey("node-a", "user:42 \"é\""),
            HybridCacheInvalidation.ForTag("node-a", "users", At),
            HybridCacheInvalidation.ForTag("node-a", "*", At),
            HybridCacheInvalidation.Everything("node-a"),
        ];
        HybridCacheInvalidation[] fromB = [HybridCacheInvalidation.ForKey("node-b", "order:7"), HybridCacheInvalidation.Everything("node-b")];

        foreach (var invalidation in fromA)
        {
            await a.PublishAsync(invalidation, Ct);
        }

        foreach (var invalidation in fromB)
        {
            await b.PublishAsync(invalidation, Ct);
        }

        // Each sees both nodes' messages in publication order, its own included (the cache skips those by Origin).
        HybridCacheInvalidation[] all = [.. fromA, .. fromB];
        foreach (var inbox in new[] { inboxA, inboxB })
        {
            var received = await inbox.TakeAsync(all.Length);
            Assert.Equal(all.Length, received.Count);
            for (var i = 0; i < all.Length; i++)
            {
                BackplaneInbox.Equal(all[i], received[i]);
            }
        }

        Assert.Equal(At.UtcTicks, inboxB.Received[1].InvalidatedAt.UtcTicks);
        Assert.Equal(options.Channel, a.Channel);
    }

    [Fact]
    public async Task A_subscriber_reconnect_delivers_Everything_without_origin_twice_and_messages_flow_again()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server);
        var options = new RedisHybridCacheBackplaneOptions { Channel = NewChannel() };
        await using var proxied = await RedisConnection.ConnectAsync($"{proxy.EndPoint},reconnectMaxDelay=200", cancellationToken: Ct).WaitAsync(ClientKit.Bound, Ct);
        await using var direct = await ClientKit.ConnectAsync(server);
        await using var reconnecting = new RedisHybridCacheBackplane(proxied, options);
        await using var publisher = new RedisHybridCacheBackplane(direct, options);
        var inbox = new BackplaneInbox();
        await using var subscription = await reconnecting.SubscribeAsync(inbox.Add, Ct);
        await publisher.PublishAsync(HybridCacheInvalidation.ForKey("node-b", "before"), Ct);
        await inbox.ReceivesAsync("node-b", "before");
        Assert.Equal(0, inbox.TransportFlushes);

        await proxy.DropConnectionsAsync();

        // Once at the reconnect, and once more when the backplane's own marker came back through the restored subscription.
        await ClientKit.UntilAsync(() => inbox.TransportFlushes >= 2, "two flushes after the subscriber reconnected");
        Assert.All(inbox.Received.Where(message => message.Kind == HybridCacheInvalidationKind.Everything), message => Assert.Null(message.Origin));

        await publisher.PublishAsync(HybridCacheInvalidation.ForKey("node-b", "after"), Ct);
        await inbox.ReceivesAsync("node-b", "after");
    }

    [Fact]
    public async Task Garbage_published_raw_on_the_channel_delivers_Everything_and_later_messages_still_arrive()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = NewChannel();
        var log = new RecordingLoggerFactory();
        await using var connection = await RedisConnection.ConnectAsync(ClientKit.Options(server), log, Ct).WaitAsync(ClientKit.Bound, Ct);
        await using var backplane = new RedisHybridCacheBackplane(connection, new RedisHybridCacheBackplaneOptions { Channel = channel });
        var inbox = new BackplaneInbox();
        await using var subscription = await backplane.SubscribeAsync(inbox.Add, Ct);

        Assert.Equal("1", (await server.CliAsync("PUBLISH", channel, "not a backplane message")).Trim());
        var received = await inbox.TakeAsync(1);
        BackplaneInbox.Equal(HybridCacheInvalidation.Everything(null), received[0]);
        Assert.Contains(log.Entries, entry => entry is { Category: "Adapters.Redis.HybridBackplane", Level: LogLevel.Error } && entry.Message.Contains("could not be decoded", StringComparison.Ordinal));

        await backplane.PublishAsync(HybridCacheInvalidation.ForKey("node-a", "k"), Ct);
        await inbox.ReceivesAsync("node-a", "k");
        Assert.Equal(2, inbox.Count);
    }

    [Fact]
    public async Task A_throwing_handler_is_logged_and_the_other_handlers_still_receive()
    {
        var server = await servers.GetStandaloneAsync();
        var log = new RecordingLoggerFactory();
        await using var connection = await RedisConnection.ConnectAsync(ClientKit.Options(server), log, Ct).WaitAsync(ClientKit.Bound, Ct);
        await using var backplane = new RedisHybridCacheBackplane(connection, new RedisHybridCacheBackplaneOptions { Channel = NewChannel() });
        var thrown = 0;
        var inbox = new BackplaneInbox();
        await using var failing = await backplane.SubscribeAsync(_ => throw new InvalidOperationException($"handler {Interlocked.Increment(ref thrown)}"), Ct);
        await using var working = await backplane.SubscribeAsync(inbox.Add, Ct);

        await backplane.PublishAsync(HybridCacheInvalidation.ForKey("node-a", "k1"), Ct);
        await backplane.PublishAsync(HybridCacheInvalidation.ForKey("node-a", "k2"), Ct);

        await inbox.ReceivesAsync("node-a", "k2");
        Assert.Equal(["k1", "k2"], inbox.Received.Select(message => message.Key));
        Assert.Equal(2, Volatile.Read(ref thrown));

        // Logged once every handler had the message, so possibly just after the working handler saw k2.
        await ClientKit.UntilAsync(
            () => log.Entries.Count(entry => entry is { Category: "Adapters.Redis.HybridBackplane", Level: LogLevel.Error } && entry.Message.Contains("handler threw", StringComparison.Ordinal)) == 2,
            "both handler failures to be logged");
    }

    [Fact]
    public async Task Disposing_unsubscribes_and_handlers_get_nothing_more()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = NewChannel();
        await using var connection = await ClientKit.ConnectAsync(server);
        var backplane = new RedisHybridCacheBackplane(connection, new RedisHybridCacheBackplaneOptions { Channel = channel });
        var removed = new BackplaneInbox();
        var kept = new BackplaneInbox();
        var subscription = await backplane.SubscribeAsync(removed.Add, Ct);
        await using var keptSubscription = await backplane.SubscribeAsync(kept.Add, Ct);
        Assert.Equal($"{channel}\n1\n", await server.CliAsync("PUBSUB", "NUMSUB", channel));   // one SUBSCRIBE for both handlers

        await subscription.DisposeAsync();
        await backplane.PublishAsync(HybridCacheInvalidation.ForKey("node-a", "after-unsubscribe"), Ct);
        await kept.ReceivesAsync("node-a", "after-unsubscribe");
        await backplane.DisposeAsync();

        await ClientKit.UntilAsync(async () => await server.CliAsync("PUBSUB", "NUMSUB", channel) == $"{channel}\n0\n", "the channel to be left");
        Assert.Equal(0, removed.Count);
        Assert.Equal("0", (await server.CliAsync("PUBLISH", channel, "ignored")).Trim());
        Assert.Equal(1, kept.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => backplane.PublishAsync(HybridCacheInvalidation.Everything("x"), Ct).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => backplane.SubscribeAsync(_ => { }, Ct).AsTask());
        Assert.True(connection.IsConnected);   // a connection passed in stays open
    }

    [Fact]
    public async Task An_unreachable_server_fails_publishing_and_subscribing_with_StoreUnavailableException_naming_the_operation()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var connection = await ConnectAsync(server.EndPoint);
        await using var backplane = new RedisHybridCacheBackplane(connection);
        server.Kill();

        var publish = await Assert.ThrowsAsync<StoreUnavailableException>(() => backplane.PublishAsync(HybridCacheInvalidation.ForKey("x", "user:1"), Ct).AsTask());
        Assert.Equal(("publish", "user:1"), (publish.Operation, publish.Key));
        Assert.Contains("publish HybridCache invalidations", publish.Message, StringComparison.Ordinal);
        var subscribe = await Assert.ThrowsAsync<StoreUnavailableException>(() => backplane.SubscribeAsync(_ => { }, Ct).AsTask());
        Assert.Equal("subscribe", subscribe.Operation);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("adapters:hybrid:v1\n")]
    public async Task An_unusable_channel_is_rejected_naming_the_option(string? channel)
    {
        var options = new RedisHybridCacheBackplaneOptions { Channel = channel! };
        await using var connection = await ClientKit.ConnectAsync(await servers.GetStandaloneAsync());

        Assert.Equal("Channel", Assert.ThrowsAny<ArgumentException>(options.Validate).ParamName);
        Assert.Equal("Channel", Assert.ThrowsAny<ArgumentException>(() => new RedisHybridCacheBackplane(connection, options)).ParamName);
        await using var defaults = new RedisHybridCacheBackplane(connection);
        Assert.Equal(RedisHybridCacheBackplaneOptions.DefaultChannel, defaults.Channel);
    }
}
