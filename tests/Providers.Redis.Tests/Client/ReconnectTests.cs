using System.Collections.Concurrent;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

/// <summary>Kills and restarts dedicated servers under the client.</summary>
public sealed class ReconnectTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisBacklogPolicy.Queue)]
    [InlineData(RedisBacklogPolicy.FailFast)]
    public async Task Killing_the_server_mid_load_gives_every_caller_a_result_or_a_typed_error_never_a_hang_or_a_wrong_value(RedisBacklogPolicy backlog)
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.PoolSize = 2;
            options.BacklogPolicy = backlog;
            options.AsyncTimeout = TimeSpan.FromSeconds(3);
        });
        var reconnected = 0;
        redis.Reconnected += () => Interlocked.Increment(ref reconnected);
        var generation = 0; // bumped after the kill: only values written before it may be gone
        var outcomes = new ConcurrentDictionary<string, int>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var successesAfterRestart = 0;
        var restarted = false;

        async Task CallerAsync(int caller)
        {
            var key = $"caller:{caller}";
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var value = $"{caller}:{round}:{new string('v', caller % 31)}";
                var writtenIn = Volatile.Read(ref generation);
                try
                {
                    // WaitAsync turns a hang into a failure: the client's own timeouts must fire long before.
                    Assert.True(await redis.Executor.SetAsync(key, value, cancellationToken: Ct).AsTask().WaitAsync(Bound, Ct));
                    var read = Text(await redis.Executor.GetAsync(key, Ct).AsTask().WaitAsync(Bound, Ct));
                    if (read is null)
                    {
                        Assert.True(Volatile.Read(ref generation) != writtenIn, $"caller {caller} lost its value without a server restart");
                        outcomes.AddOrUpdate("lost in restart", 1, (_, n) => n + 1);
                    }
                    else
                    {
                        Assert.Equal(value, read);
                        outcomes.AddOrUpdate("ok", 1, (_, n) => n + 1);
                        if (Volatile.Read(ref restarted))
                        {
                            Interlocked.Increment(ref successesAfterRestart);
                        }
                    }
                }
                catch (RedisConnectionException ex)
                {
                    outcomes.AddOrUpdate($"connection {ex.Failure}", 1, (_, n) => n + 1);
                    await Task.Delay(20, Ct); // a bounded retry, as a caller would do
                }
                catch (RedisTimeoutException)
                {
                    outcomes.AddOrUpdate("timeout", 1, (_, n) => n + 1);
                    await Task.Delay(20, Ct);
                }
            }
        }

        var callers = Enumerable.Range(0, 64).Select(caller => Task.Run(() => CallerAsync(caller), Ct)).ToArray();
        await UntilAsync(() => outcomes.GetValueOrDefault("ok") > 500, "load to build up");

        server.Kill(); // returns once the process is gone
        Interlocked.Increment(ref generation);
        await UntilAsync(() => outcomes.Keys.Any(outcome => outcome.StartsWith("connection", StringComparison.Ordinal)) || !redis.IsConnected, "the client to notice the kill");
        await Task.Delay(300, Ct);
        await server.RestartAsync();
        Volatile.Write(ref restarted, true);

        await UntilAsync(() => Volatile.Read(ref successesAfterRestart) > 500, "callers to succeed after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(callers).WaitAsync(Bound, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal)));

        Assert.True(Volatile.Read(ref reconnected) >= 1, "Reconnected never fired");
        Assert.True(redis.IsConnected);
        Assert.Equal(1, await redis.Executor.IncrementAsync(Key("after-restart"), cancellationToken: Ct).Bounded());
        Assert.True(outcomes.Keys.Any(outcome => outcome.StartsWith("connection", StringComparison.Ordinal)) || outcomes.ContainsKey("lost in restart"), $"the kill went unnoticed: {string.Join(", ", outcomes)}");
    }

    [Fact]
    public async Task With_backlog_queue_a_command_issued_while_the_server_is_down_completes_once_it_is_back()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.BacklogPolicy = RedisBacklogPolicy.Queue;
            options.AsyncTimeout = TimeSpan.FromSeconds(15);
            options.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
            options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        });
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Reconnected += () => reconnected.TrySetResult();
        Assert.Equal(1, await redis.Executor.IncrementAsync("counter", cancellationToken: Ct).Bounded());

        server.Kill();
        await UntilAsync(() => !redis.IsConnected, "the client to notice the kill");
        var queued = redis.Executor.IncrementAsync("counter", cancellationToken: Ct).Bounded();
        var queuedSet = redis.Executor.SetAsync("written-while-down", "arrived", cancellationToken: Ct).Bounded();
        await Task.Delay(300, Ct);
        Assert.False(queued.IsCompleted, "the backlogged command completed while the server was down");

        await server.RestartAsync();

        Assert.Equal(1, await queued); // a fresh server (nothing persisted): the INCR ran there
        Assert.True(await queuedSet);
        Assert.Equal("arrived", (await server.CliAsync("GET", "written-while-down")).TrimEnd('\n'));
        await reconnected.Task.WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task With_backlog_queue_a_command_that_waits_longer_than_asyncTimeout_times_out()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options => options.AsyncTimeout = TimeSpan.FromMilliseconds(300));

        server.Kill();
        await UntilAsync(() => !redis.IsConnected, "the client to notice the kill");

        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => redis.Executor.GetAsync("k", Ct).Bounded());
        Assert.Equal("GET", timeout.Operation);
        Assert.Equal("k", timeout.Key);
    }

    [Fact]
    public async Task With_backlog_failFast_a_command_issued_while_the_server_is_down_throws_NotConnected_at_once()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options => options.BacklogPolicy = RedisBacklogPolicy.FailFast);

        server.Kill();
        await UntilAsync(() => !redis.IsConnected, "the client to notice the kill");
        var get = redis.Executor.GetAsync("k", Ct);

        Assert.True(get.IsCompleted, "fail-fast must not wait");
        var error = await Assert.ThrowsAsync<RedisConnectionException>(async () => await get);
        Assert.Equal(RedisConnectionFailure.NotConnected, error.Failure);
        Assert.Equal("GET", error.Operation);

        await server.RestartAsync();
        await UntilAsync(() => redis.IsConnected, "the client to reconnect");
        Assert.True(await redis.Executor.SetAsync("k", "v", cancellationToken: Ct).Bounded());
    }

    [Fact]
    public async Task An_idle_connection_sends_keep_alive_PINGs()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.PoolSize = 1;
            options.KeepAlive = TimeSpan.FromSeconds(1);
        });
        var before = await CallsAsync(server, "ping");

        await UntilAsync(async () => await CallsAsync(server, "ping") >= before + 2, "two keep-alive PINGs");

        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task A_connection_dropped_under_it_reconnects_and_serves_again()
    {
        var server = await servers.GetStandaloneAsync();
        await using var proxy = new FaultProxy(server);
        await using var redis = await RedisConnection.ConnectAsync($"{proxy.EndPoint},reconnectMaxDelay=200", cancellationToken: Ct).WaitAsync(Bound, Ct);
        var reconnected = 0;
        redis.Reconnected += () => Interlocked.Increment(ref reconnected);
        var key = Key("dropped");
        await redis.Executor.SetAsync(key, "before", cancellationToken: Ct).Bounded();

        await proxy.DropConnectionsAsync();

        await UntilAsync(() => Volatile.Read(ref reconnected) >= 1 && redis.IsConnected, "the client to reconnect through the proxy");
        Assert.Equal("before", Text(await redis.Executor.GetAsync(key, Ct).Bounded()));
    }

    [Fact]
    public async Task A_backlogged_command_can_be_cancelled_and_the_rest_of_the_backlog_still_runs()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.PoolSize = 1;
            options.AsyncTimeout = TimeSpan.FromSeconds(15);
            options.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
            options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        server.Kill();
        await UntilAsync(() => !redis.IsConnected, "the client to notice the kill");
        var first = redis.Executor.IncrementAsync("n", cancellationToken: Ct).Bounded();
        var cancelled = redis.Executor.IncrementAsync("n", 100, cancel.Token).Bounded();
        var last = redis.Executor.IncrementAsync("n", 10, Ct).Bounded();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(first.IsCompleted);
        await server.RestartAsync();

        Assert.Equal(1, await first);
        Assert.Equal(11, await last); // the cancelled INCRBY 100 was never sent
        Assert.Equal("11", (await server.CliAsync("GET", "n")).Trim());
    }
}
