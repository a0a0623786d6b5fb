using System.Globalization;
using System.Text;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>MOVED and ASK on a dedicated cluster whose slots the tests move under a connected client.</summary>
[Collection(nameof(ReshardedClusterCollection))]
public sealed class ClusterRedirectTests(DedicatedCluster fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly RedisCommand IncrBy = RedisCommand.Of("INCRBY");
    private static readonly RedisCommand Get = RedisCommand.Of("GET");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_slot_moved_the_client_follows_MOVED_once_then_goes_straight_to_the_new_owner()
    {
        var cluster = await fixture.GetAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        const int from = 0;
        const int to = 1;
        var key = await NodeInspection.KeyServedByAsync(cluster, from, $"moved-{Guid.NewGuid():N}");
        Assert.True(await redis.SetAsync(key, "before", cancellationToken: Ct));

        await cluster.MoveSlotAsync(await cluster.SlotOfAsync(key), from, to).WaitAsync(Limit, Ct);
        var oldOwner = cluster.Masters[from];
        var newOwner = cluster.Masters[to];
        var oldGet = await NodeInspection.CommandStatsAsync(oldOwner, "get");
        var oldSet = await NodeInspection.CommandStatsAsync(oldOwner, "set");
        var newGet = await NodeInspection.CommandStatsAsync(newOwner, "get");
        var newSet = await NodeInspection.CommandStatsAsync(newOwner, "set");

        Assert.Equal("before", Text(await redis.GetAsync(key, Ct).AsTask().WaitAsync(Limit, Ct)));
        Assert.True(await redis.SetAsync(key, "after", cancellationToken: Ct).AsTask().WaitAsync(Limit, Ct));
        Assert.Equal("after", Text(await redis.GetAsync(key, Ct).AsTask().WaitAsync(Limit, Ct)));

        // The old owner refused exactly the first GET (MOVED); the SET and the second GET went to the new owner directly.
        Assert.Equal((oldGet.Calls, oldGet.Rejected + 1), await NodeInspection.CommandStatsAsync(oldOwner, "get"));
        Assert.Equal(oldSet, await NodeInspection.CommandStatsAsync(oldOwner, "set"));
        Assert.Equal((newGet.Calls + 2, newGet.Rejected), await NodeInspection.CommandStatsAsync(newOwner, "get"));
        Assert.Equal((newSet.Calls + 1, newSet.Rejected), await NodeInspection.CommandStatsAsync(newOwner, "set"));
        Assert.Equal("after", await NodeInspection.GetAsync(newOwner, key));
        Assert.Equal(cluster.Masters.Select(master => master.Port).Order(), NodeInspection.ClientMasterPorts(connection));
    }

    [Fact]
    public async Task A_transaction_on_a_slot_that_moved_runs_on_the_new_owner()
    {
        var cluster = await fixture.GetAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        const int from = 2;
        const int to = 0;
        var tag = await NodeInspection.KeyServedByAsync(cluster, from, $"moved-multi-{Guid.NewGuid():N}");
        Assert.True(await redis.SetAsync(tag + ":a", "1", cancellationToken: Ct));

        await cluster.MoveSlotAsync(await cluster.SlotOfAsync(tag), from, to).WaitAsync(Limit, Ct);

        // Like every other command, a MULTI/EXEC block routed by a stale slot map must reach the slot's new owner;
        // nothing ran on the old one (it refused every queued command), so sending the block again there is safe.
        var transaction = new RedisTransaction().Add(IncrBy, tag + ":a", 2).Add(IncrBy, tag + ":b", 5);
        var results = await transaction.ExecuteAsync(redis, tag, Ct).AsTask().WaitAsync(Limit, Ct);

        Assert.Equal([3L, 5L], results.Items.Select(item => item.AsInt64()));
        Assert.Equal("3", await NodeInspection.GetAsync(cluster.Masters[to], tag + ":a"));
    }

    [Fact]
    public async Task Mid_migration_migrated_keys_are_reached_with_ASK_and_the_others_on_the_source()
    {
        var cluster = await fixture.GetAsync();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        var source = cluster.Masters[1];
        var target = cluster.Masters[2];
        var tag = await NodeInspection.KeyServedByAsync(cluster, 1, $"ask-{Guid.NewGuid():N}");
        var slot = await cluster.SlotOfAsync(tag);
        var keys = Enumerable.Range(0, 5).Select(i => $"{tag}:k{i}").ToArray();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await redis.SetAsync(keys[i], $"v{i}", cancellationToken: Ct));
        }

        var migration = await SlotMigration.BeginAsync(cluster, slot, source, target);
        try
        {
            await migration.MigrateAsync(keys[0], keys[1]);
            var sourceGet = await NodeInspection.CommandStatsAsync(source, "get");

            Assert.Equal("v0", Text(await redis.GetAsync(keys[0], Ct).AsTask().WaitAsync(Limit, Ct)));
            Assert.Equal("v2", Text(await redis.GetAsync(keys[2], Ct).AsTask().WaitAsync(Limit, Ct)));
            Assert.True(await redis.SetAsync(keys[1], "v1 again", cancellationToken: Ct).AsTask().WaitAsync(Limit, Ct));
            Assert.True(await redis.SetAsync(keys[4], "v4 new", cancellationToken: Ct).AsTask().WaitAsync(Limit, Ct));
            Assert.Equal("v0", Text(await redis.GetAsync(keys[0], Ct).AsTask().WaitAsync(Limit, Ct)));

            // ASK is a one-off: both GETs of the migrated key were asked of the source first (the map did not change).
            Assert.Equal((sourceGet.Calls + 1, sourceGet.Rejected + 2), await NodeInspection.CommandStatsAsync(source, "get"));
            Assert.Equal([keys[0], keys[1], keys[4]], await migration.KeysOnAsync(target));
            Assert.Equal([keys[2], keys[3]], await migration.KeysOnAsync(source));

            // Multi-key: all keys migrated → ASK to the target; none migrated → the source; split → TRYAGAIN, retried, then surfaced.
            Assert.Equal(["v0", "v1 again"], (await redis.GetManyAsync([keys[0], keys[1]], Ct).AsTask().WaitAsync(Limit, Ct)).Select(Text));
            Assert.Equal(["v2", "v3"], (await redis.GetManyAsync([keys[2], keys[3]], Ct).AsTask().WaitAsync(Limit, Ct)).Select(Text));
            var split = await Assert.ThrowsAsync<RedisServerException>(() => redis.GetManyAsync([keys[0], keys[2]], Ct).AsTask().WaitAsync(Limit, Ct));
            Assert.Equal("TRYAGAIN", split.ErrorCode);

            // A MULTI block over migrated keys: the source refuses each queued command with ASK and aborts the block,
            // which then runs on the target after ASKING (the flag lasts for the whole block).
            var block = await new RedisTransaction().Add(Get, keys[0]).Add(Get, keys[1]).ExecuteAsync(redis, tag, Ct).AsTask().WaitAsync(Limit, Ct);
            Assert.Equal(["v0", "v1 again"], block.Items.Select(item => item.AsString()));

            await migration.FinishAsync();
        }
        finally
        {
            await migration.FinishAsync();
        }

        Assert.Equal(2, await cluster.MasterIndexOfSlotAsync(slot));
        string[] expected = ["v0", "v1 again", "v2", "v3", "v4 new"];
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(expected[i], Text(await redis.GetAsync(keys[i], Ct).AsTask().WaitAsync(Limit, Ct)));
            Assert.Equal(expected[i], await NodeInspection.GetAsync(target, keys[i]));
        }

        Assert.Equal(["v0", "v2"], (await redis.GetManyAsync([keys[0], keys[2]], Ct).AsTask().WaitAsync(Limit, Ct)).Select(Text));
    }

    [Fact]
    public async Task Moving_a_slot_under_load_loses_no_increment_and_raises_no_error()
    {
        var cluster = await fixture.GetAsync();
        using var log = new LogCapture();
        await using var connection = await RedisConnection.ConnectAsync(cluster.ConfigurationString, log, Ct).WaitAsync(Limit, Ct);
        var redis = connection.Executor;
        const int from = 0;
        const int to = 2;
        var tag = await NodeInspection.KeyServedByAsync(cluster, from, $"live-{Guid.NewGuid():N}");
        var slot = await cluster.SlotOfAsync(tag);

        // More keys than one MIGRATE batch (100), so the move takes several steps with commands arriving in between.
        var keys = Enumerable.Range(0, 250).Select(i => $"{tag}:{i}").ToArray();
        var confirmed = new long[keys.Length];
        var uncertain = new long[keys.Length];
        await Task.WhenAll(keys.Select(key => redis.SetAsync(key, "0", cancellationToken: Ct).AsTask())).WaitAsync(Limit, Ct);

        await using var loop = CallerLoop.Start(
            callers: 8,
            async (caller, iteration) =>
            {
                var index = (int)((caller * 31 + iteration * 8) % keys.Length);
                try
                {
                    await redis.IncrementAsync(keys[index], cancellationToken: Ct);
                }
                catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
                {
                    Interlocked.Increment(ref uncertain[index]);
                    throw;
                }

                Interlocked.Increment(ref confirmed[index]);
            },
            allowed: ex => ex is RedisConnectionException or RedisTimeoutException or RedisServerException);
        try
        {
            await loop.WaitForSuccessesSinceAsync(0, Limit, "before the move");
            log.Note("moving the slot");
            await cluster.MoveSlotAsync(slot, from, to).WaitAsync(Limit, Ct);
            log.Note("slot moved");
            await loop.WaitForSuccessesSinceAsync(CallerLoop.Now, Limit, "after the move");
            await loop.StopAsync();

            Assert.True(loop.UnexpectedCount == 0 && loop.TypedErrorCount == 0, loop.Describe());
            Assert.Equal(keys.Length.ToString(CultureInfo.InvariantCulture), (await cluster.Masters[to].CliAsync("CLUSTER", "COUNTKEYSINSLOT", slot.ToString(CultureInfo.InvariantCulture))).Trim());
            Assert.Equal("0", (await cluster.Masters[from].CliAsync("CLUSTER", "COUNTKEYSINSLOT", slot.ToString(CultureInfo.InvariantCulture))).Trim());
            for (var i = 0; i < keys.Length; i++)
            {
                var value = long.Parse(Text(await redis.GetAsync(keys[i], Ct))!, CultureInfo.InvariantCulture);
                Assert.InRange(value, confirmed[i], confirmed[i] + uncertain[i]);
            }
        }
        finally
        {
            log.WriteToTestOutput();
        }
    }

    private static string? Text(byte[]? value) => value is null ? null : Encoding.UTF8.GetString(value);
}
