using System.Collections.Concurrent;
using System.Text;
using Adapters.Redis.Commands;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>Shard channels (SSUBSCRIBE / SPUBLISH) live on the owner of their slot, and follow it when it moves.</summary>
[Collection(nameof(ReshardedClusterCollection))]
public sealed class ClusterShardPubSubTests(DedicatedCluster fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Shard_channels_on_every_master_deliver_their_messages()
    {
        var cluster = await fixture.GetAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var received = new ConcurrentDictionary<string, string>();
        var channels = new List<string>();
        for (var master = 0; master < cluster.Masters.Count; master++)
        {
            var channel = await NodeInspection.KeyServedByAsync(cluster, master, $"shard-{Guid.NewGuid():N}");
            channels.Add(channel);
            await connection.SubscribeShardAsync(channel, message => received[message.Channel] = Encoding.UTF8.GetString(message.Payload), Ct).WaitAsync(Limit, Ct);
        }

        foreach (var channel in channels)
        {
            Assert.Equal(1, await connection.Executor.ShardPublishAsync(channel, "hello " + channel, Ct).AsTask().WaitAsync(Limit, Ct));
        }

        await Until(() => received.Count == channels.Count);
        Assert.All(channels, channel => Assert.Equal("hello " + channel, received[channel]));
    }

    [Fact]
    public async Task A_shard_channel_whose_slot_moves_is_subscribed_again_on_the_new_owner()
    {
        var cluster = await fixture.GetAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var channel = await NodeInspection.KeyServedByAsync(cluster, 2, $"moving-shard-{Guid.NewGuid():N}");
        var received = new ConcurrentQueue<string>();
        await connection.SubscribeShardAsync(channel, message => received.Enqueue(Encoding.UTF8.GetString(message.Payload)), Ct).WaitAsync(Limit, Ct);
        Assert.Equal(1, await connection.Executor.ShardPublishAsync(channel, "before", Ct).AsTask().WaitAsync(Limit, Ct));
        await Until(() => received.Contains("before"));

        await cluster.MoveSlotAsync(await cluster.SlotOfAsync(channel), 2, 0).WaitAsync(Limit, Ct);

        // The old owner dropped the subscription (sunsubscribe); once the client re-subscribed on the new owner,
        // SPUBLISH there reaches one subscriber again.
        var deadline = DateTime.UtcNow + Limit;
        while (await connection.Executor.ShardPublishAsync(channel, "after", Ct).AsTask().WaitAsync(Limit, Ct) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the shard channel was never subscribed on its new owner");
            await Task.Delay(100, Ct);
        }

        await Until(() => received.Contains("after"));
        Assert.Equal(0, await cluster.MasterIndexOfSlotAsync(await cluster.SlotOfAsync(channel)));
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "a message never arrived");
            await Task.Delay(20, Ct);
        }
    }
}
