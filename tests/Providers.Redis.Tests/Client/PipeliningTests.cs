using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class PipeliningTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2, 0)]
    [InlineData(RedisProtocol.Resp3, 0)]
    [InlineData(RedisProtocol.Resp3, 1)]
    public async Task A_thousand_concurrent_callers_each_get_their_own_value(RedisProtocol protocol, int poolSize)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.Protocol = protocol;
            options.PoolSize = poolSize;
        });
        var prefix = Key("pipeline");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(0, 1000).Select(caller => Task.Run(
            async () =>
            {
                await start.Task;
                var key = $"{prefix}:{caller}";
                for (var round = 0; round < 5; round++)
                {
                    // Sizes differ per caller so a reply read for the wrong caller cannot look right by accident.
                    var value = $"{caller}:{round}:{new string('x', caller % 97)}";
                    Assert.True(await redis.Executor.SetAsync(key, value, cancellationToken: Ct));
                    Assert.Equal(value, Text(await redis.Executor.GetAsync(key, Ct)));
                }
            },
            Ct)).ToArray();
        start.SetResult();

        await Task.WhenAll(callers).WaitAsync(Bound, Ct);
        Assert.Equal("999:4:" + new string('x', 999 % 97), (await server.CliAsync("GET", $"{prefix}:999")).TrimEnd('\n'));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Interleaved_commands_of_every_reply_type_stay_matched_to_their_callers(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.Protocol = protocol;
            options.PoolSize = 1; // one socket, so every reply shape shares one ordered stream
        });
        var db = redis.Executor;
        var prefix = Key("interleaved");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(0, 400).Select(caller => Task.Run(
            async () =>
            {
                await start.Task;
                var key = $"{prefix}:{caller}";
                switch (caller % 8)
                {
                    case 0:
                        Assert.Equal(1, await db.IncrementAsync(key + ":n", cancellationToken: Ct));
                        Assert.Equal(caller + 1, await db.IncrementAsync(key + ":n", caller, Ct));
                        break;
                    case 1:
                        await db.HashSetAsync(key, [new("f", Utf8($"h{caller}")), new("g", Utf8("2"))], Ct);
                        var all = await db.HashGetAllAsync(key, Ct);
                        Assert.Equal($"h{caller}", Text(all.Single(pair => Text(pair.Key) == "f").Value));
                        Assert.Equal(2, all.Length);
                        break;
                    case 2:
                        await db.SetAddAsync(key, $"m{caller}", Ct);
                        Assert.Equal($"m{caller}", Text(Assert.Single(await db.SetMembersAsync(key, Ct))));
                        break;
                    case 3:
                        await db.SortedSetAddAsync(key, "z", caller + 0.5, Ct);
                        Assert.Equal(caller + 0.5, await db.SortedSetScoreAsync(key, "z", Ct));
                        break;
                    case 4:
                        Assert.False(await db.ExistsAsync(key, Ct));
                        Assert.True(await db.PingAsync(Ct));
                        Assert.Null(await db.TimeToLiveAsync(key, Ct));
                        break;
                    case 5:
                        await db.SetAsync(key, $"s{caller}", cancellationToken: Ct);
                        var many = await db.GetManyAsync([key, key + ":missing", key], Ct);
                        Assert.Equal([$"s{caller}", null, $"s{caller}"], many.Select(Text));
                        break;
                    case 6:
                        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await db.HashGetAsync(prefix + ":5", "f", Ct));
                        Assert.Equal(prefix + ":5", error.Key);
                        Assert.Equal("WRONGTYPE", error.ErrorCode);
                        break;
                    default:
                        Assert.Equal($"s{caller - 2}", Text(await db.GetAsync($"{prefix}:{caller - 2}", Ct)));
                        break;
                }
            },
            Ct)).ToArray();

        // Callers 6 and 7 read keys callers 5 writes; write them first so the outcome is fixed.
        for (var caller = 5; caller < 400; caller += 8)
        {
            await db.SetAsync($"{prefix}:{caller}", $"s{caller}", cancellationToken: Ct).Bounded();
        }

        start.SetResult();
        await Task.WhenAll(callers).WaitAsync(Bound, Ct);
    }
}
