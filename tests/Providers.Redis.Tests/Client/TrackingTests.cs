using System.Diagnostics;
using System.Threading.Channels;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

/// <summary>RESP3 CLIENT TRACKING in broadcast mode; FLUSHALL makes these need dedicated servers.</summary>
public sealed class TrackingTests(RedisServers servers)
{
    [Fact]
    public async Task Writes_from_another_connection_under_the_prefix_invalidate_exactly_those_keys_and_FLUSHALL_invalidates_everything()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var tracker = await ConnectAsync(server, RedisProtocol.Resp3);
        await using var writer = await ConnectAsync(server, RedisProtocol.Resp2); // a different client, even a RESP2 one
        var invalidations = Channel.CreateUnbounded<(IReadOnlyList<string>? Keys, long At)>();
        var subscriber = await tracker.GetSubscriberAsync(Ct).Bounded();
        await subscriber.EnableTrackingAsync(["cache:", "other-cache:"], keys => invalidations.Writer.TryWrite((keys, Stopwatch.GetTimestamp())), Ct).WaitAsync(Bound, Ct);

        await writer.Executor.SetAsync("elsewhere:1", "x", cancellationToken: Ct).Bounded();
        await writer.Executor.SetAsync("cachex", "x", cancellationToken: Ct).Bounded(); // shares letters, not the prefix
        var written = Stopwatch.GetTimestamp();
        await writer.Executor.SetAsync("cache:user:1", "x", cancellationToken: Ct).Bounded();

        // Pushes arrive in order, so had either earlier write been reported, it would come first.
        var first = await NextAsync(invalidations);
        Assert.Equal(["cache:user:1"], first.Keys);
        TestContext.Current.TestOutputHelper?.WriteLine($"invalidation arrived {Stopwatch.GetElapsedTime(written, first.At).TotalMilliseconds:0.0} ms after the write was sent");

        await writer.Executor.HashSetAsync("other-cache:h", "f", "v", Ct).Bounded();
        Assert.Equal(["other-cache:h"], (await NextAsync(invalidations)).Keys);
        await writer.Executor.DeleteAsync("cache:user:1", Ct).Bounded();
        Assert.Equal(["cache:user:1"], (await NextAsync(invalidations)).Keys);

        await server.CliAsync("FLUSHALL");
        Assert.Null((await NextAsync(invalidations)).Keys);
        Assert.False(invalidations.Reader.TryRead(out _), "an unexpected invalidation arrived");
    }

    [Fact]
    public async Task Tracking_is_turned_back_on_after_a_restart_and_listeners_are_told_everything_may_be_stale()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var tracker = await ConnectAsync(server, options =>
        {
            options.Protocol = RedisProtocol.Resp3;
            options.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
            options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        });
        var invalidations = Channel.CreateUnbounded<(IReadOnlyList<string>? Keys, long At)>();
        var subscriber = await tracker.GetSubscriberAsync(Ct).Bounded();
        await subscriber.EnableTrackingAsync(["cache:"], keys => invalidations.Writer.TryWrite((keys, 0)), Ct).WaitAsync(Bound, Ct);

        server.Kill();
        await server.RestartAsync();

        Assert.Null((await NextAsync(invalidations)).Keys);
        await using var writer = await ConnectAsync(server);
        await writer.Executor.SetAsync("cache:after-restart", "x", cancellationToken: Ct).Bounded();
        Assert.Equal(["cache:after-restart"], (await NextAsync(invalidations)).Keys);
    }

    [Fact]
    public async Task Tracking_on_a_RESP2_connection_is_refused_and_leaves_nothing_behind()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.Protocol = RedisProtocol.Resp2;
            options.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
            options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        });
        var subscriber = await redis.GetSubscriberAsync(Ct).Bounded();
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.Reconnected += () => reconnected.TrySetResult();

        await Assert.ThrowsAsync<NotSupportedException>(() => subscriber.EnableTrackingAsync(["cache:"], _ => { }, Ct).WaitAsync(Bound, Ct));
        await Assert.ThrowsAsync<NotSupportedException>(() => subscriber.EnableTrackingAsync(["cache:"], _ => { }, Ct).WaitAsync(Bound, Ct));

        // The refused registration must not be replayed after a reconnect (it would throw there and stop the restore).
        server.Kill();
        await server.RestartAsync();
        await reconnected.Task.WaitAsync(Bound, Ct);
    }

    // Awaited, never blocked on: the handler runs on the client's read loop, and so may this test's continuation.
    private static async Task<(IReadOnlyList<string>? Keys, long At)> NextAsync(Channel<(IReadOnlyList<string>? Keys, long At)> invalidations)
        => await invalidations.Reader.ReadAsync(Ct).AsTask().WaitAsync(Bound, Ct);
}
