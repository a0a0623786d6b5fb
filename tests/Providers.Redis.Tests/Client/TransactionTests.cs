using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class TransactionTests(RedisServers servers)
{
    private static readonly RedisCommand Set = RedisCommand.Of("SET");
    private static readonly RedisCommand Get = RedisCommand.Of("GET");
    private static readonly RedisCommand Incr = RedisCommand.Of("INCR");
    private static readonly RedisCommand HSet = RedisCommand.Of("HSET");
    private static readonly RedisCommand HGetAll = RedisCommand.Of("HGETALL");
    private static readonly RedisCommand Watch = RedisCommand.Of("WATCH");

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task MULTI_EXEC_returns_one_result_per_command(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var key = Key("tx");
        var counter = Key("tx-counter");
        var hash = Key("tx-hash");

        var transaction = new RedisTransaction()
            .Add(Set, key, "value")
            .Add(Incr, counter)
            .Add(Incr, counter)
            .Add(Get, key)
            .Add(HSet, hash, "f", "v")
            .Add(HGetAll, hash)
            .Add(Get, Key("tx-missing"));
        var results = await transaction.ExecuteAsync(redis.Executor, key, Ct).Bounded();

        Assert.Equal(7, transaction.Count);
        Assert.Equal(7, results.Items.Count);
        Assert.Equal("OK", results.Items[0].AsString());
        Assert.Equal(1, results.Items[1].AsInt64());
        Assert.Equal(2, results.Items[2].AsInt64());
        Assert.Equal("value", results.Items[3].AsString());
        Assert.Equal(1, results.Items[4].AsInt64());
        Assert.Equal(["f", "v"], results.Items[5].Items.Select(item => item.AsString()));
        Assert.True(results.Items[6].IsNull);
        Assert.Equal("2", Text(await redis.Executor.GetAsync(counter, Ct).Bounded()));
    }

    [Fact]
    public async Task A_runtime_error_inside_EXEC_is_an_error_item_and_the_other_commands_still_run()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var text = Key("tx-text");
        var after = Key("tx-after");
        await redis.Executor.SetAsync(text, "not a number", cancellationToken: Ct).Bounded();

        var results = await new RedisTransaction().Add(Incr, text).Add(Set, after, "ran").ExecuteAsync(redis.Executor, text, Ct).Bounded();

        Assert.True(results.Items[0].IsError);
        Assert.Contains("not an integer", results.Items[0].AsString(), StringComparison.Ordinal);
        Assert.Equal("OK", results.Items[1].AsString());
        Assert.Equal("ran", Text(await redis.Executor.GetAsync(after, Ct).Bounded()));
    }

    [Fact]
    public async Task A_command_refused_while_queuing_aborts_the_block_with_EXECABORT_and_the_connection_stays_in_step()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options => options.PoolSize = 1);
        var key = Key("tx-abort");
        var other = Key("tx-abort-other");
        await redis.Executor.SetAsync(other, "untouched", cancellationToken: Ct).Bounded();

        var transaction = new RedisTransaction().Add(Set, key, "never").Add(Set, key).Add(Set, other, "changed");
        var concurrent = redis.Executor.GetAsync(other, Ct).Bounded(); // pipelined around the block on the one connection
        var error = await Assert.ThrowsAsync<RedisServerException>(() => transaction.ExecuteAsync(redis.Executor, key, Ct).Bounded());
        var after = redis.Executor.GetAsync(other, Ct).Bounded();

        Assert.Equal("EXECABORT", error.ErrorCode);
        Assert.Equal("EXEC", error.Command);
        Assert.Contains("wrong number of arguments", error.Message, StringComparison.Ordinal);
        Assert.Equal("untouched", Text(await concurrent));
        Assert.Equal("untouched", Text(await after));
        Assert.Null(await redis.Executor.GetAsync(key, Ct).Bounded());
    }

    [Fact]
    public async Task WATCH_on_a_leased_connection_aborts_EXEC_when_another_client_changed_the_key()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        await using var other = await ConnectAsync(server);
        var key = Key("watched");
        await redis.Executor.SetAsync(key, "0", cancellationToken: Ct).Bounded();

        await using (var lease = await redis.Executor.LeaseAsync(key, Ct).Bounded())
        {
            Assert.Equal("OK", (await lease.Connection.ExecuteAsync(Watch, [key], Replies.Value, Ct).Bounded()).AsString());
            var seen = Text(await lease.Connection.ExecuteAsync(Get, [key], Replies.Bulk, Ct).Bounded());
            await other.Executor.SetAsync(key, "changed elsewhere", cancellationToken: Ct).Bounded();

            var aborted = await new RedisTransaction().Add(Set, key, $"{seen}+1").ExecuteAsync(lease.Connection, Ct).Bounded();

            Assert.Null(aborted);
            Assert.Equal("changed elsewhere", Text(await redis.Executor.GetAsync(key, Ct).Bounded()));

            // EXEC ended the WATCH: the same leased connection can try again, and nobody interferes this time.
            await lease.Connection.ExecuteAsync(Watch, [key], Replies.Ok, Ct).Bounded();
            seen = Text(await lease.Connection.ExecuteAsync(Get, [key], Replies.Bulk, Ct).Bounded());
            var committed = await new RedisTransaction().Add(Set, key, $"{seen}+1").Add(Get, key).ExecuteAsync(lease.Connection, Ct).Bounded();

            Assert.NotNull(committed);
            Assert.Equal("OK", committed.Items[0].AsString());
            Assert.Equal("changed elsewhere+1", committed.Items[1].AsString());
        }

        Assert.Equal("changed elsewhere+1", Text(await redis.Executor.GetAsync(key, Ct).Bounded()));
    }

    [Fact]
    public async Task WATCH_succeeds_when_nobody_touches_the_key_and_a_returned_lease_is_reused_without_its_watch()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var key = Key("watched-quiet");
        var abandoned = Key("watched-abandoned");

        var lease = await redis.Executor.LeaseAsync(key, Ct).Bounded();
        await lease.Connection.ExecuteAsync(Watch, [key], Replies.Ok, Ct).Bounded();
        var result = await new RedisTransaction().Add(Incr, key).ExecuteAsync(lease.Connection, Ct).Bounded();
        Assert.Equal(1, Assert.Single(result!.Items).AsInt64());

        // A caller that watches and walks away must not hand its watch to the next holder of the connection.
        await lease.Connection.ExecuteAsync(Watch, [abandoned], Replies.Ok, Ct).Bounded();
        var first = lease.Connection;
        await lease.DisposeAsync();
        await server.CliAsync("SET", abandoned, "changed by someone else");

        await using var next = await redis.Executor.LeaseAsync(key, Ct).Bounded();
        Assert.Same(first, next.Connection);
        var after = await new RedisTransaction().Add(Incr, key).ExecuteAsync(next.Connection, Ct).Bounded();
        Assert.Equal(2, Assert.Single(after!.Items).AsInt64());
    }

    [Fact]
    public async Task Leases_are_closed_with_the_connection()
    {
        var server = await servers.GetStandaloneAsync();
        var redis = await ConnectAsync(server);
        var name = $"lease-{Guid.NewGuid():N}";
        var lease = await redis.Executor.LeaseAsync(Key("lease-close"), Ct).Bounded();
        await lease.Connection.ExecuteAsync(RedisCommand.Of("CLIENT"), ["SETNAME", name], Replies.Ok, Ct).Bounded();
        var connection = lease.Connection;
        await lease.DisposeAsync();

        await redis.DisposeAsync();

        await UntilAsync(async () => !(await server.CliAsync("CLIENT", "LIST")).Contains($"name={name}", StringComparison.Ordinal), "the idle lease to close");
        var refused = await Assert.ThrowsAsync<RedisConnectionException>(() => connection.ExecuteAsync(Get, ["any"], Replies.Bulk, Ct).Bounded());
        Assert.Equal(RedisConnectionFailure.Disposed, refused.Failure);
    }

    [Fact]
    public async Task A_leased_connection_is_set_up_like_the_pool_with_database_and_name()
    {
        var server = await servers.GetStandaloneAsync();
        var name = $"lease-db-{Guid.NewGuid():N}";
        await using var redis = await ConnectAsync(server, options =>
        {
            options.DefaultDatabase = 4;
            options.ClientName = name;
        });
        var key = Key("lease-db");

        await using (var lease = await redis.Executor.LeaseAsync(key, Ct).Bounded())
        {
            await lease.Connection.ExecuteAsync(Watch, [key], Replies.Ok, Ct).Bounded();
            var result = await new RedisTransaction().Add(Set, key, "in four").ExecuteAsync(lease.Connection, Ct).Bounded();
            Assert.Equal("OK", Assert.Single(result!.Items).AsString());
            Assert.Equal(name, (await lease.Connection.RawAsync("CLIENT", "GETNAME")).AsString());
        }

        Assert.Equal("in four", (await server.CliAsync("-n", "4", "GET", key)).TrimEnd('\n'));
        Assert.Equal(string.Empty, (await server.CliAsync("-n", "0", "GET", key)).Trim());
    }
}
