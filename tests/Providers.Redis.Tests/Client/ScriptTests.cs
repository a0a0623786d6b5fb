using Adapters.Redis.Commands;
using Adapters.Redis.Protocol;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class ScriptTests(RedisServers servers)
{
    private static readonly RedisScript SetAndEcho = new("redis.call('SET', KEYS[1], ARGV[1]) return ARGV[1]");

    [Fact]
    public async Task EvaluateAsync_runs_the_script_with_EVALSHA_loading_it_once()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server);
        var script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");

        Assert.Equal(5, await redis.Executor.EvaluateAsync(script, ["counter"], [5], Replies.Integer, Ct).Bounded());
        Assert.Equal(12, await redis.Executor.EvaluateAsync(script, ["counter"], [7], Replies.Integer, Ct).Bounded());

        Assert.Equal("12", (await server.CliAsync("GET", "counter")).Trim());
        Assert.Equal(1, await CallsAsync(server, "script|load"));
        Assert.Equal(3, await CallsAsync(server, "evalsha")); // NOSCRIPT once, then twice for real
        Assert.Equal(0, await CallsAsync(server, "eval"));
        Assert.Equal("1", (await server.CliAsync("SCRIPT", "EXISTS", script.Sha1)).Trim());

        // Loaded up front, a script is never refused with NOSCRIPT: one EVALSHA per call.
        var preloaded = new RedisScript("return ARGV[1] .. '!'");
        await redis.Executor.LoadAsync(preloaded, Ct).Bounded();
        Assert.Equal("1", (await server.CliAsync("SCRIPT", "EXISTS", preloaded.Sha1)).Trim());
        Assert.Equal("hi!", Text(await redis.Executor.EvaluateAsync(preloaded, [], ["hi"], Replies.Bulk, Ct).Bounded()));
        Assert.Equal(4, await CallsAsync(server, "evalsha"));
        Assert.Equal(2, await CallsAsync(server, "script|load"));
    }

    [Fact]
    public async Task After_SCRIPT_FLUSH_the_next_call_reloads_the_script_transparently()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server);
        Assert.Equal("first", Text(await redis.Executor.EvaluateAsync(SetAndEcho, ["k"], ["first"], Replies.Bulk, Ct).Bounded()));

        await server.CliAsync("SCRIPT", "FLUSH");
        Assert.Equal("0", (await server.CliAsync("SCRIPT", "EXISTS", SetAndEcho.Sha1)).Trim());

        Assert.Equal("second", Text(await redis.Executor.EvaluateAsync(SetAndEcho, ["k"], ["second"], Replies.Bulk, Ct).Bounded()));
        Assert.Equal("second", (await server.CliAsync("GET", "k")).TrimEnd('\n'));
        Assert.Equal("1", (await server.CliAsync("SCRIPT", "EXISTS", SetAndEcho.Sha1)).Trim());
        Assert.Equal(2, await CallsAsync(server, "script|load"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("it's \"quoted\"")]
    [InlineData("') redis.call('FLUSHALL') --")]
    [InlineData("]] .. redis.call('FLUSHALL') .. [[")]
    [InlineData("\\\" \n\r\n -- [==[ %s {0} $1 ${x} \0 end")]
    public async Task Arguments_reach_the_script_verbatim_and_are_never_interpolated(string argument)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var key = Key("script-arg") + ":'\"]]";
        var sentinelKey = Key("script-survivor");
        await redis.Executor.SetAsync(sentinelKey, "still here", cancellationToken: Ct).Bounded();

        var echoed = await redis.Executor.EvaluateAsync(SetAndEcho, [key], [argument], Replies.Bulk, Ct).Bounded();

        Assert.Equal(argument, Text(echoed));
        Assert.Equal(argument, Text(await redis.Executor.GetAsync(key, Ct).Bounded()));
        Assert.Equal("still here", Text(await redis.Executor.GetAsync(sentinelKey, Ct).Bounded()));
    }

    [Fact]
    public async Task Many_keys_and_arguments_of_every_kind_arrive_in_order()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, RedisProtocol.Resp3);
        var script = new RedisScript("local out = {} for i, k in ipairs(KEYS) do out[#out + 1] = k end for i, a in ipairs(ARGV) do out[#out + 1] = a end return out");
        CommandArg[] keys = [Key("a"), Key("b")];
        CommandArg[] args = ["text", new byte[] { 0, 1, 255 }, 42L, 1.5, -7];

        var reply = await redis.Executor.EvaluateAsync(script, keys, args, Replies.BulkList, Ct).Bounded();

        Assert.Equal(7, reply.Length);
        Assert.Equal("text", Text(reply[2]));
        Assert.Equal([0, 1, 255], reply[3]);
        Assert.Equal(["42", "1.5", "-7"], reply[4..].Select(Text));
    }

    [Fact]
    public async Task A_script_error_is_a_server_exception_naming_EVALSHA_and_the_key_but_no_argument()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var key = Key("script-error");
        await redis.Executor.SetAsync(key, "not a number", cancellationToken: Ct).Bounded();
        var failing = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        var raising = new RedisScript("return redis.error_reply('MYERR custom failure')");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => redis.Executor.EvaluateAsync(failing, [key], ["1234567"], Replies.Integer, Ct).Bounded());
        var custom = await Assert.ThrowsAsync<RedisServerException>(() => redis.Executor.EvaluateAsync(raising, [key], [], Replies.Integer, Ct).Bounded());

        Assert.Equal("EVALSHA", error.Command);
        Assert.Equal(key, error.Key);
        Assert.Contains("EVALSHA", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an integer", error.ServerMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567", error.Message, StringComparison.Ordinal);
        Assert.Equal("EVALSHA", custom.Command);
        Assert.Equal("MYERR", custom.ErrorCode);
        Assert.Equal("not a number", Text(await redis.Executor.GetAsync(key, Ct).Bounded()));
    }
}
