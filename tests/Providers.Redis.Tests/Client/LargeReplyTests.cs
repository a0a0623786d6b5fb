using System.Text;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

/// <summary>
/// A reply of megabytes arrives over many socket reads; the reader resumes its scan of the unfinished frame rather than
/// starting over, and must still hand every element, and the frames after it, to the right callers.
/// </summary>
public sealed class LargeReplyTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_multi_megabyte_aggregate_and_the_replies_pipelined_behind_it_arrive_whole(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.Protocol = protocol;
            options.PoolSize = 1;
        });
        var key = Key("large-reply");
        const int Fields = 40_000;
        var value = new string('v', 150);
        foreach (var chunk in Enumerable.Range(0, Fields).Chunk(5_000))
        {
            await redis.Executor.HashSetAsync(key, chunk.Select(i => KeyValuePair.Create($"f{i}", Encoding.UTF8.GetBytes($"{i}:{value}"))), Ct);
        }

        // The GET behind HGETALL shares its connection, so its reply follows the 6 MB one in the same stream.
        var all = redis.Executor.HashGetAllAsync(key, Ct);
        var after = redis.Executor.GetAsync(Key("absent"), Ct);

        var pairs = await all;
        Assert.Null(await after);
        Assert.Equal(Fields, pairs.Length);
        Assert.All(pairs, pair => Assert.Equal($"{Encoding.UTF8.GetString(pair.Key)[1..]}:{value}", Encoding.UTF8.GetString(pair.Value)));
        await redis.Executor.UnlinkAsync(key, Ct);
    }
}
