using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class SetCommandTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Set_commands_round_trip(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var db = redis.Executor;
        var key = Key("set");

        Assert.Empty(await db.SetMembersAsync(key, Ct).Bounded());
        Assert.Equal(0, await db.SetLengthAsync(key, Ct).Bounded());
        Assert.True(await db.SetAddAsync(key, "a", Ct).Bounded());
        Assert.False(await db.SetAddAsync(key, "a", Ct).Bounded());
        Assert.True(await db.SetAddAsync(key, "b", Ct).Bounded());
        Assert.True(await db.SetAddAsync(key, new byte[] { 0, 13, 10 }, Ct).Bounded());

        Assert.Equal(3, await db.SetLengthAsync(key, Ct).Bounded());
        Assert.True(await db.SetContainsAsync(key, "b", Ct).Bounded());
        Assert.True(await db.SetContainsAsync(key, new byte[] { 0, 13, 10 }, Ct).Bounded());
        Assert.False(await db.SetContainsAsync(key, "z", Ct).Bounded());
        var members = (await db.SetMembersAsync(key, Ct).Bounded()).Select(Convert.ToHexString).Order(StringComparer.Ordinal);
        Assert.Equal([Convert.ToHexString([0, 13, 10]), Convert.ToHexString(Utf8("a")), Convert.ToHexString(Utf8("b"))], members);
        Assert.Equal("1", (await server.CliAsync("SISMEMBER", key, "a")).Trim());

        Assert.True(await db.SetRemoveAsync(key, "a", Ct).Bounded());
        Assert.False(await db.SetRemoveAsync(key, "a", Ct).Bounded());
        Assert.False(await db.SetContainsAsync(key, "a", Ct).Bounded());
        Assert.Equal(2, await db.SetLengthAsync(key, Ct).Bounded());
        Assert.Equal(1, await db.UnlinkAsync(key, Ct).Bounded());
    }
}
