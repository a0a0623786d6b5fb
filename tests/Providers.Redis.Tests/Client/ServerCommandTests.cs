using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class ServerCommandTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task PING_TIME_and_INFO_answer(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var db = redis.Executor;

        Assert.True(await db.PingAsync(Ct).Bounded());
        var pingsBefore = await CallsAsync(server, "ping");
        Assert.True(await db.PingAsync(Ct).Bounded());
        Assert.True(await CallsAsync(server, "ping") > pingsBefore);

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var time = await db.TimeAsync(Ct).Bounded();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        // Same machine, same clock: the server's reading lies between ours (with a millisecond of rounding).
        Assert.InRange(time, before - 1000, after + 1000);

        var info = await db.InfoAsync("server", Ct).Bounded();
        Assert.Contains("redis_version:", info, StringComparison.Ordinal);
        Assert.Contains($"tcp_port:{server.Port}", info, StringComparison.Ordinal);
        Assert.DoesNotContain("used_memory:", info, StringComparison.Ordinal); // only the section asked for
    }

    [Fact]
    public async Task DBSIZE_counts_keys_and_FLUSHDB_empties_only_the_selected_database()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server);
        var db = redis.Executor;
        await server.CliAsync("-n", "1", "SET", "elsewhere", "1");

        Assert.Equal(0, await db.DatabaseSizeAsync(Ct).Bounded());
        for (var i = 0; i < 3; i++)
        {
            await db.SetAsync($"k{i}", "v", cancellationToken: Ct).Bounded();
        }

        Assert.Equal(3, await db.DatabaseSizeAsync(Ct).Bounded());
        Assert.Equal("3", (await server.CliAsync("DBSIZE")).Trim());

        await db.FlushDatabaseAsync(Ct).Bounded();

        Assert.Equal(0, await db.DatabaseSizeAsync(Ct).Bounded());
        Assert.Equal("1", (await server.CliAsync("-n", "1", "DBSIZE")).Trim());
    }

    [Fact]
    public async Task PUBLISH_and_SPUBLISH_return_how_many_subscribers_received_the_message()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var channel = Key("publish");
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shardReceived = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.Equal(0, await redis.Executor.PublishAsync(channel, "nobody", Ct).Bounded());
        Assert.Equal(0, await redis.Executor.ShardPublishAsync(channel, "nobody", Ct).Bounded());

        var subscriber = await redis.GetSubscriberAsync(Ct).Bounded();
        await subscriber.SubscribeAsync(Connection.SubscriptionKind.Channel, channel, message => received.TrySetResult(Text(message.Payload)!), Ct).WaitAsync(Bound, Ct);
        await subscriber.SubscribeAsync(Connection.SubscriptionKind.Shard, channel, message => shardReceived.TrySetResult(Text(message.Payload)!), Ct).WaitAsync(Bound, Ct);

        Assert.Equal(1, await redis.Executor.PublishAsync(channel, "hello", Ct).Bounded());
        Assert.Equal(1, await redis.Executor.ShardPublishAsync(channel, "sharded", Ct).Bounded());
        Assert.Equal("hello", await received.Task.WaitAsync(Bound, Ct));
        Assert.Equal("sharded", await shardReceived.Task.WaitAsync(Bound, Ct));
    }
}
