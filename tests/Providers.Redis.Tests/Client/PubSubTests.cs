using System.Collections.Concurrent;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class PubSubTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SUBSCRIBE_and_PSUBSCRIBE_deliver_channel_pattern_and_payload(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var prefix = Key("pubsub");
        var channelMessages = new Inbox();
        var patternMessages = new Inbox();
        var subscriber = await redis.GetSubscriberAsync(Ct).Bounded();

        await subscriber.SubscribeAsync(SubscriptionKind.Channel, $"{prefix}:news", channelMessages.Add, Ct).WaitAsync(Bound, Ct);
        await subscriber.SubscribeAsync(SubscriptionKind.Pattern, $"{prefix}:*", patternMessages.Add, Ct).WaitAsync(Bound, Ct);
        byte[] binary = [0, 1, 13, 10, 255];

        Assert.Equal(2, await redis.Executor.PublishAsync($"{prefix}:news", "first", Ct).Bounded()); // channel + pattern
        Assert.Equal(1, await redis.Executor.PublishAsync($"{prefix}:other", binary, Ct).Bounded()); // pattern only
        await server.CliAsync("PUBLISH", $"{prefix}:news", "from redis-cli");

        var news = await channelMessages.TakeAsync(2);
        Assert.Equal([$"{prefix}:news", $"{prefix}:news"], news.Select(message => message.Channel));
        Assert.All(news, message => Assert.Null(message.Pattern));
        Assert.Equal(["first", "from redis-cli"], news.Select(message => Text(message.Payload)));

        var matched = await patternMessages.TakeAsync(3);
        Assert.All(matched, message => Assert.Equal($"{prefix}:*", message.Pattern));
        Assert.Equal([$"{prefix}:news", $"{prefix}:other", $"{prefix}:news"], matched.Select(message => message.Channel));
        Assert.Equal(binary, matched[1].Payload);
    }

    [Fact]
    public async Task Several_handlers_each_get_every_message_and_Unsubscribe_stops_delivery()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var channel = Key("pubsub-handlers");
        var first = new Inbox();
        var second = new Inbox();
        var subscriber = await redis.GetSubscriberAsync(Ct).Bounded();
        await subscriber.SubscribeAsync(SubscriptionKind.Channel, channel, first.Add, Ct).WaitAsync(Bound, Ct);
        await subscriber.SubscribeAsync(SubscriptionKind.Channel, channel, second.Add, Ct).WaitAsync(Bound, Ct);

        Assert.Equal(1, await redis.Executor.PublishAsync(channel, "one", Ct).Bounded()); // one connection, however many handlers
        Assert.Equal("one", Text((await first.TakeAsync(1))[0].Payload));
        Assert.Equal("one", Text((await second.TakeAsync(1))[0].Payload));

        subscriber.Unsubscribe(SubscriptionKind.Channel, channel, first.Add);
        Assert.Equal(1, await redis.Executor.PublishAsync(channel, "two", Ct).Bounded());
        Assert.Equal("two", Text((await second.TakeAsync(1))[0].Payload));

        subscriber.Unsubscribe(SubscriptionKind.Channel, channel, second.Add);
        await UntilAsync(async () => await redis.Executor.PublishAsync(channel, "three", Ct).Bounded() == 0, "the server to drop the subscription");
        var marker = Key("pubsub-marker");
        var markers = new Inbox();
        await subscriber.SubscribeAsync(SubscriptionKind.Channel, marker, markers.Add, Ct).WaitAsync(Bound, Ct);
        await redis.Executor.PublishAsync(marker, "flush", Ct).Bounded();
        await markers.TakeAsync(1); // everything published before the marker has been delivered by now
        Assert.Equal(0, first.Count);
        Assert.Equal(0, second.Count);
    }

    [Fact]
    public async Task A_throwing_handler_does_not_stop_the_other_handlers()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var channel = Key("pubsub-throwing");
        var thrown = 0;
        var good = new Inbox();
        var subscriber = await redis.GetSubscriberAsync(Ct).Bounded();
        await subscriber.SubscribeAsync(SubscriptionKind.Channel, channel, _ =>
        {
            Interlocked.Increment(ref thrown);
            throw new InvalidOperationException("handler bug");
        }, Ct).WaitAsync(Bound, Ct);
        await subscriber.SubscribeAsync(SubscriptionKind.Channel, channel, good.Add, Ct).WaitAsync(Bound, Ct);

        await redis.Executor.PublishAsync(channel, "one", Ct).Bounded();
        await redis.Executor.PublishAsync(channel, "two", Ct).Bounded();

        Assert.Equal(["one", "two"], (await good.TakeAsync(2)).Select(message => Text(message.Payload)));
        Assert.Equal(2, Volatile.Read(ref thrown));
        Assert.True(subscriber.IsConnected);
        Assert.Null(await redis.Executor.GetAsync(Key("missing"), Ct).Bounded());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Subscriptions_are_restored_after_the_server_restarts(RedisProtocol protocol)
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.Protocol = protocol;
            options.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
            options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        });
        var channelMessages = new Inbox();
        var patternMessages = new Inbox();
        var subscriber = await redis.GetSubscriberAsync(Ct).Bounded();
        var subscriberReconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.Reconnected += () => subscriberReconnected.TrySetResult();
        await subscriber.SubscribeAsync(SubscriptionKind.Channel, "events", channelMessages.Add, Ct).WaitAsync(Bound, Ct);
        await subscriber.SubscribeAsync(SubscriptionKind.Pattern, "ev*", patternMessages.Add, Ct).WaitAsync(Bound, Ct);
        await redis.Executor.PublishAsync("events", "before", Ct).Bounded();
        Assert.Equal("before", Text((await channelMessages.TakeAsync(1))[0].Payload));
        Assert.Equal("before", Text((await patternMessages.TakeAsync(1))[0].Payload));

        server.Kill();
        await server.RestartAsync();
        await subscriberReconnected.Task.WaitAsync(Bound, Ct);

        // Re-subscribing is asynchronous to the reconnect: publish until both subscriptions are back.
        await UntilAsync(async () => await redis.Executor.PublishAsync("events", "probe", Ct).Bounded() == 2, "both subscriptions to be restored");
        await redis.Executor.PublishAsync("events", "after", Ct).Bounded();
        Assert.Contains("after", (await channelMessages.TakeUntilAsync("after")).Select(message => Text(message.Payload)));
        Assert.Contains("after", (await patternMessages.TakeUntilAsync("after")).Select(message => Text(message.Payload)));
        Assert.Equal("events\n1\n", await server.CliAsync("PUBSUB", "NUMSUB", "events")); // restored once, not twice
        Assert.Equal("1", (await server.CliAsync("PUBSUB", "NUMPAT")).Trim());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Keep_alive_PINGs_on_a_subscribed_connection_are_answered_without_disturbing_delivery(RedisProtocol protocol)
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.Protocol = protocol;
            options.KeepAlive = TimeSpan.FromSeconds(1);
        });
        var messages = new Inbox();
        var subscriber = await redis.GetSubscriberAsync(Ct).Bounded();
        var reconnects = 0;
        subscriber.Reconnected += () => Interlocked.Increment(ref reconnects);
        await subscriber.SubscribeAsync(SubscriptionKind.Channel, "quiet", messages.Add, Ct).WaitAsync(Bound, Ct);
        var pings = await CallsAsync(server, "ping");

        // Idle: the pooled connections and the subscribed one (where RESP2 answers PING with a ["pong", ""] array) ping.
        await UntilAsync(async () => await CallsAsync(server, "ping") >= pings + 4, "keep-alive PINGs");
        await redis.Executor.PublishAsync("quiet", "still listening", Ct).Bounded();

        Assert.Equal("still listening", Text((await messages.TakeAsync(1))[0].Payload));
        Assert.Equal(0, Volatile.Read(ref reconnects));
        Assert.Contains("sub=1", await server.CliAsync("CLIENT", "LIST"), StringComparison.Ordinal);
    }

    /// <summary>Messages delivered to a handler, awaited in order.</summary>
    private sealed class Inbox
    {
        private readonly ConcurrentQueue<RedisMessage> _messages = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public int Count => _messages.Count;

        public void Add(RedisMessage message)
        {
            _messages.Enqueue(message);
            _arrived.Release();
        }

        public async Task<RedisMessage[]> TakeAsync(int count)
        {
            var taken = new RedisMessage[count];
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _arrived.WaitAsync(Bound, Ct), $"only {i} of {count} messages arrived");
                Assert.True(_messages.TryDequeue(out taken[i]!));
            }

            return taken;
        }

        public async Task<List<RedisMessage>> TakeUntilAsync(string payload)
        {
            var taken = new List<RedisMessage>();
            while (taken.Count == 0 || Text(taken[^1].Payload) != payload)
            {
                taken.AddRange(await TakeAsync(1));
            }

            return taken;
        }
    }
}
