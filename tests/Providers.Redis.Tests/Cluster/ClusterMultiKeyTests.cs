using System.Text;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>Multi-key commands on the shared cluster: one hash tag keeps them in one slot, otherwise CROSSSLOT.</summary>
public sealed class ClusterMultiKeyTests(RedisServers servers)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly RedisCommand Set = RedisCommand.Of("SET");
    private static readonly RedisCommand IncrBy = RedisCommand.Of("INCRBY");
    private static readonly RedisCommand Get = RedisCommand.Of("GET");
    private static readonly RedisScript SetBoth = new("""
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], ARGV[2])
        return redis.call('MGET', KEYS[1], KEYS[2])
        """);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Keys_sharing_a_hash_tag_work_in_MGET_scripts_and_transactions_on_every_master(int masterIndex)
    {
        var cluster = await servers.GetClusterAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        var tag = await NodeInspection.KeyServedByAsync(cluster, masterIndex, $"tag-{Guid.NewGuid():N}");
        string[] keys = [$"{tag}:a", $"{tag}:b", $"{tag}:c"];
        var slot = await cluster.SlotOfAsync(tag);
        foreach (var key in keys)
        {
            Assert.Equal(slot, await cluster.SlotOfAsync(key));
        }

        await redis.SetAsync(keys[0], "one", cancellationToken: Ct);
        await redis.SetAsync(keys[1], "two", cancellationToken: Ct);
        var many = await redis.GetManyAsync(keys, Ct).AsTask().WaitAsync(Limit, Ct);
        Assert.Equal(["one", "two", null], many.Select(value => value is null ? null : Encoding.UTF8.GetString(value)));

        var scripted = await redis.EvaluateAsync(SetBoth, [keys[1], keys[2]], ["2nd", "3rd"], Replies.Value, Ct).AsTask().WaitAsync(Limit, Ct);
        Assert.Equal(["2nd", "3rd"], scripted.Items.Select(item => item.AsString()));

        var transaction = new RedisTransaction()
            .Add(Set, keys[0], "10")
            .Add(IncrBy, keys[0], 5)
            .Add(Get, keys[2]);
        var results = await transaction.ExecuteAsync(redis, tag, Ct).AsTask().WaitAsync(Limit, Ct);
        Assert.Equal(3, results.Items.Count);
        Assert.Equal("OK", results.Items[0].AsString());
        Assert.Equal(15, results.Items[1].AsInt64());
        Assert.Equal("3rd", results.Items[2].AsString());

        // Everything happened on the owner of the tag's slot.
        Assert.Equal("15", await NodeInspection.GetAsync(cluster.Masters[masterIndex], keys[0]));
        Assert.Equal("2nd", await NodeInspection.GetAsync(cluster.Masters[masterIndex], keys[1]));
        Assert.Equal("3rd", await NodeInspection.GetAsync(cluster.Masters[masterIndex], keys[2]));
    }

    [Fact]
    public async Task Keys_in_different_slots_fail_with_CROSSSLOT_explaining_hash_tags()
    {
        var cluster = await servers.GetClusterAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        var run = Guid.NewGuid().ToString("N");

        // Same master, different slots: the server refuses on slots, not on owners. Then two different masters.
        var first = await NodeInspection.KeyServedByAsync(cluster, 0, $"x-{run}");
        var sameMaster = await NodeInspection.KeyServedByAsync(cluster, 0, $"x-{run}", skip: 1);
        var otherMaster = await NodeInspection.KeyServedByAsync(cluster, 1, $"x-{run}");
        foreach (var second in new[] { sameMaster, otherMaster })
        {
            Assert.NotEqual(await cluster.SlotOfAsync(first), await cluster.SlotOfAsync(second));

            var mget = await Assert.ThrowsAsync<RedisServerException>(() => redis.GetManyAsync([first, second], Ct).AsTask().WaitAsync(Limit, Ct));
            AssertCrossSlot(mget, "MGET");

            var script = await Assert.ThrowsAsync<RedisServerException>(() => redis.EvaluateAsync(SetBoth, [first, second], ["1", "2"], Replies.Value, Ct).AsTask().WaitAsync(Limit, Ct));
            AssertCrossSlot(script, "EVALSHA");
        }

        var transaction = new RedisTransaction().Add(Set, first, "1").Add(Set, sameMaster, "2");
        var exec = await Assert.ThrowsAsync<RedisServerException>(() => transaction.ExecuteAsync(redis, first, Ct).AsTask().WaitAsync(Limit, Ct));
        AssertCrossSlot(exec, "EXEC");

        // Nothing was written by the refused commands.
        Assert.Null(await redis.GetAsync(first, Ct));
        Assert.Null(await redis.GetAsync(sameMaster, Ct));
        Assert.Null(await redis.GetAsync(otherMaster, Ct));
    }

    [Fact]
    public async Task A_transaction_over_keys_of_different_masters_fails_with_CROSSSLOT_explaining_hash_tags()
    {
        var cluster = await servers.GetClusterAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        var run = Guid.NewGuid().ToString("N");
        var first = await NodeInspection.KeyServedByAsync(cluster, 0, $"x-{run}");
        var otherMaster = await NodeInspection.KeyServedByAsync(cluster, 2, $"x-{run}");

        // The server queues the first SET, answers the second with MOVED and EXEC with EXECABORT: the caller must
        // still learn that the keys' slots differ and that a hash tag fixes it, not read about a redirection.
        var transaction = new RedisTransaction().Add(Set, first, "1").Add(Set, otherMaster, "2");
        var exec = await Assert.ThrowsAsync<RedisServerException>(() => transaction.ExecuteAsync(redis, first, Ct).AsTask().WaitAsync(Limit, Ct));

        AssertCrossSlot(exec, "EXEC");
        Assert.Null(await redis.GetAsync(first, Ct));
        Assert.Null(await redis.GetAsync(otherMaster, Ct));
    }

    private static void AssertCrossSlot(RedisServerException error, string command)
    {
        Assert.Equal("CROSSSLOT", error.ErrorCode);
        Assert.Equal(command, error.Command);
        Assert.Contains("hash tag", error.Message, StringComparison.Ordinal);
    }
}
