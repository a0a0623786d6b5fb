using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class SortedSetCommandTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Sorted_set_commands_round_trip(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var db = redis.Executor;
        var key = Key("zset");

        Assert.Null(await db.SortedSetScoreAsync(key, "a", Ct).Bounded());
        Assert.True(await db.SortedSetAddAsync(key, "a", 1, Ct).Bounded());
        Assert.False(await db.SortedSetAddAsync(key, "a", 1.5, Ct).Bounded()); // updated, not added
        Assert.True(await db.SortedSetAddAsync(key, "b", 2, Ct).Bounded());
        Assert.True(await db.SortedSetAddAsync(key, "c", 3, Ct).Bounded());
        Assert.True(await db.SortedSetAddAsync(key, "neg", -0.25, Ct).Bounded());
        // µs since the epoch: the stamps the change-tracking map stores must survive exactly.
        Assert.True(await db.SortedSetAddAsync(key, "stamp", 1_767_225_600_123_456d, Ct).Bounded());

        Assert.Equal(5, await db.SortedSetLengthAsync(key, Ct).Bounded());
        Assert.Equal(1.5, await db.SortedSetScoreAsync(key, "a", Ct).Bounded());
        Assert.Equal(-0.25, await db.SortedSetScoreAsync(key, "neg", Ct).Bounded());
        Assert.Equal(1_767_225_600_123_456d, await db.SortedSetScoreAsync(key, "stamp", Ct).Bounded());
        Assert.Null(await db.SortedSetScoreAsync(key, "missing", Ct).Bounded());

        Assert.Equal(["neg", "a", "b", "c", "stamp"], (await db.SortedSetRangeByScoreAsync(key, "-inf", "+inf", cancellationToken: Ct).Bounded()).Select(Text));
        Assert.Equal(["a", "b"], (await db.SortedSetRangeByScoreAsync(key, 1.5, 2, cancellationToken: Ct).Bounded()).Select(Text));
        Assert.Equal(["b", "c"], (await db.SortedSetRangeByScoreAsync(key, "(1.5", 3, cancellationToken: Ct).Bounded()).Select(Text));
        Assert.Equal(["a", "b"], (await db.SortedSetRangeByScoreAsync(key, "-inf", "+inf", offset: 1, count: 2, cancellationToken: Ct).Bounded()).Select(Text));
        Assert.Empty(await db.SortedSetRangeByScoreAsync(key, 10, 20, cancellationToken: Ct).Bounded());

        Assert.True(await db.SortedSetRemoveAsync(key, "a", Ct).Bounded());
        Assert.False(await db.SortedSetRemoveAsync(key, "a", Ct).Bounded());
        Assert.Equal(4, await db.SortedSetLengthAsync(key, Ct).Bounded());
        Assert.Equal("2", (await server.CliAsync("ZSCORE", key, "b")).Trim());
        Assert.Equal(1, await db.UnlinkAsync(key, Ct).Bounded());
    }
}
