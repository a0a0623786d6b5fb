using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

/// <summary>DEBUG SLEEP blocks the whole server, so every test here has a dedicated one.</summary>
public sealed class TimeoutAndCancellationTests(RedisServers servers)
{
    private static readonly RedisCommand Debug = RedisCommand.Of("DEBUG");

    [Fact]
    public async Task A_command_without_a_reply_in_asyncTimeout_throws_a_timeout_naming_it_and_the_connection_stays_in_step()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.PoolSize = 1;
            options.AsyncTimeout = TimeSpan.FromMilliseconds(200);
        });
        var db = redis.Executor;
        await db.SetAsync("a", "value of a", cancellationToken: Ct).Bounded();
        await db.SetAsync("b", "value of b", cancellationToken: Ct).Bounded();

        var sleep = db.ExecuteAsync(Debug, ["SLEEP", 1], Replies.Ok, Ct).Bounded();
        // Queued behind the sleep: they time out too, and their late replies must be dropped, not handed to others.
        var lateA = db.GetAsync("a", Ct).Bounded();
        var lateB = db.HashGetAllAsync("b", Ct).Bounded(); // its reply (WRONGTYPE) is late as well

        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => sleep);
        Assert.Equal("DEBUG", timeout.Operation);
        Assert.Contains("DEBUG", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(server.EndPoint, timeout.EndPoint);
        Assert.Equal(TimeSpan.FromMilliseconds(200), timeout.Timeout);
        var getTimeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => lateA);
        Assert.Equal("GET", getTimeout.Operation);
        Assert.Equal("a", getTimeout.Key);
        await Assert.ThrowsAsync<RedisTimeoutException>(() => lateB);

        await server.CliAsync("PING"); // returns once the server slept its second
        for (var round = 0; round < 5; round++)
        {
            Assert.Equal("value of a", Text(await db.GetAsync("a", Ct).Bounded()));
            Assert.Equal("value of b", Text(await db.GetAsync("b", Ct).Bounded()));
            Assert.Null(await db.GetAsync("missing", Ct).Bounded());
        }

        Assert.Equal(1, await CallsAsync(server, "debug"));
    }

    [Fact]
    public async Task Cancelling_a_command_queued_behind_a_slow_one_frees_its_caller_and_later_replies_stay_matched()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.PoolSize = 1;
            options.AsyncTimeout = TimeSpan.FromSeconds(15);
        });
        var db = redis.Executor;
        await db.SetAsync("a", "value of a", cancellationToken: Ct).Bounded();
        await db.SetAsync("b", "value of b", cancellationToken: Ct).Bounded();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var sleep = db.ExecuteAsync(Debug, ["SLEEP", 3], Replies.Ok, Ct).Bounded();
        var cancelled = db.GetAsync("a", cancel.Token).Bounded();
        var behind = db.GetAsync("b", Ct).Bounded();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        // The caller was freed while the server still slept: nothing had answered yet.
        Assert.False(sleep.IsCompleted, "the cancelled GET only returned after the server woke up");
        Assert.False(behind.IsCompleted);

        Assert.True(await sleep);
        Assert.Equal("value of b", Text(await behind));
        for (var round = 0; round < 20; round++)
        {
            Assert.Equal("value of a", Text(await db.GetAsync("a", Ct).Bounded()));
            Assert.Equal("value of b", Text(await db.GetAsync("b", Ct).Bounded()));
        }
    }

    [Fact]
    public async Task A_precancelled_token_throws_at_once_and_does_not_disturb_the_connection()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options => options.PoolSize = 1);
        var db = redis.Executor;
        var key = Key("precancelled");
        await db.SetAsync(key, "value", cancellationToken: Ct).Bounded();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var get = db.GetAsync(key, cancelled.Token);
        var set = db.SetAsync(key, "overwritten?", cancellationToken: cancelled.Token);

        Assert.True(get.IsCompleted, "a pre-cancelled command must not wait for the server");
        Assert.True(set.IsCompleted);
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await get);
        Assert.Equal(cancelled.Token, error.CancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await set);
        for (var round = 0; round < 10; round++)
        {
            var value = Text(await db.GetAsync(key, Ct).Bounded());
            Assert.True(value is "value" or "overwritten?", $"GET returned {value}"); // a cancelled write may or may not have run
            Assert.Null(await db.GetAsync(key + ":missing", Ct).Bounded());
        }
    }

    [Fact]
    public async Task Cancelling_after_the_reply_arrived_changes_nothing()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options => options.PoolSize = 1);
        var key = Key("cancel-late");
        await redis.Executor.SetAsync(key, "value", cancellationToken: Ct).Bounded();

        for (var round = 0; round < 50; round++)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            Assert.Equal("value", Text(await redis.Executor.GetAsync(key, cancel.Token).Bounded()));
            await cancel.CancelAsync();
        }

        Assert.Equal("value", Text(await redis.Executor.GetAsync(key, Ct).Bounded()));
    }
}
