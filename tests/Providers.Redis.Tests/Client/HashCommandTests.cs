using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class HashCommandTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Hash_commands_round_trip(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var db = redis.Executor;
        var key = Key("hash");

        Assert.Null(await db.HashGetAsync(key, "a", Ct).Bounded());
        Assert.Empty(await db.HashGetAllAsync(key, Ct).Bounded());
        Assert.True(await db.HashSetAsync(key, "a", "1", Ct).Bounded());
        Assert.False(await db.HashSetAsync(key, "a", "one", Ct).Bounded()); // existing field: updated, not new
        Assert.Equal("one", Text(await db.HashGetAsync(key, "a", Ct).Bounded()));

        var added = await db.HashSetAsync(key, [new("a", Utf8("uno")), new("b", Utf8("2")), new("c", [0, 255])], Ct).Bounded();
        Assert.Equal(2, added);
        Assert.Equal(3, await db.HashLengthAsync(key, Ct).Bounded());
        Assert.True(await db.HashExistsAsync(key, "b", Ct).Bounded());
        Assert.False(await db.HashExistsAsync(key, "z", Ct).Bounded());

        var many = await db.HashGetManyAsync(key, ["c", "missing", "a"], Ct).Bounded();
        Assert.Equal(3, many.Length);
        Assert.Equal([0, 255], many[0]);
        Assert.Null(many[1]);
        Assert.Equal("uno", Text(many[2]));

        var all = (await db.HashGetAllAsync(key, Ct).Bounded()).ToDictionary(pair => Text(pair.Key)!, pair => pair.Value);
        Assert.Equal(["a", "b", "c"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("uno", Text(all["a"]));
        Assert.Equal("2", Text(all["b"]));
        Assert.Equal([0, 255], all["c"]);
        Assert.Equal("2", (await server.CliAsync("HGET", key, "b")).TrimEnd('\n'));

        Assert.Equal(1, await db.HashDeleteAsync(key, "a", Ct).Bounded());
        Assert.Equal(0, await db.HashDeleteAsync(key, "a", Ct).Bounded());
        Assert.Equal(2, await db.HashLengthAsync(key, Ct).Bounded());
        Assert.Equal(1, await db.UnlinkAsync(key, Ct).Bounded());
    }

    [Fact]
    public async Task A_hash_command_on_a_string_is_WRONGTYPE_naming_command_and_key()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var key = Key("hash-wrongtype");
        await redis.Executor.SetAsync(key, "text", cancellationToken: Ct).Bounded();

        var error = await Assert.ThrowsAsync<RedisServerException>(() => redis.Executor.HashGetAsync(key, "f", Ct).Bounded());

        Assert.Equal("WRONGTYPE", error.ErrorCode);
        Assert.Equal("HGET", error.Command);
        Assert.Equal(key, error.Key);
    }
}
