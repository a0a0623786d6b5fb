using System.Buffers;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary>
/// The sync API called from a continuation that a connection's reader thread runs inline (what an await without a
/// synchronization context does after a Redis call): the reader must not wait for a reply only it could read.
/// <para>
/// A gate makes that certain: a <c>BLPOP</c> on the cache's own connection that returns only when the test pushes to
/// its list from another connection. Whatever awaits the gate, or a command queued behind it on the same connection,
/// is registered before any reply can come, so it continues on the reader thread that reads the reply, never on the
/// caller's thread (where a quick reply racing the await would otherwise leave it). Gate and entries share a hash
/// tag, so on a cluster the sync calls need the very node whose reader they block.
/// </para>
/// </summary>
public sealed class RedisCacheSyncTests(RedisServers servers)
{
    // Long enough that a deadlock shows as the test's own bound, not as a command timeout that unblocks it.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly RedisCommand BLPop = RedisCommand.Of("BLPOP");

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public async Task Sync_calls_in_a_continuation_on_a_reader_thread_complete(bool cluster, int poolSize)
    {
        await using var redis = await ConnectAsync(cluster, poolSize);
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = "sync:" });
        var tag = NewTag();
        var key = tag + ":value";
        await cache.SetAsync(key, [1, 2, 3], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) }, Ct);

        var gate = OpenGate(redis, tag);
        var work = SyncCallsAfter(gate, cache, key);
        await ReleaseGateAsync(cluster, tag);
        var result = await work.WaitAsync(Deadline, Ct);

        Assert.True(result.OnReaderThread, "The continuation should have run on a connection's reader thread; the test would prove nothing.");
        Assert.Equal([1, 2, 3], result.Read);
        Assert.True(result.Found);
        Assert.Equal([4], result.Buffer);
        Assert.True(result.Removed);
        Assert.Equal([5, 6], await cache.GetAsync(key + ":sequence", Ct).WaitAsync(Bound, Ct));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Many_continuations_making_sync_calls_at_once_all_complete(int poolSize)
    {
        await using var redis = await ConnectAsync(cluster: false, poolSize);
        var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = "sync:" });
        var tag = NewTag();
        var keys = Enumerable.Range(0, 32).Select(i => $"{tag}:many-{i}").ToArray();
        foreach (var key in keys)
        {
            await cache.SetAsync(key, [7], new DistributedCacheEntryOptions(), Ct);
        }

        // One gate per connection of the pool (each goes to the least busy one), so every read below queues behind a
        // gate: its reply comes in a batch after the gate's, and its continuation runs on that reader thread, where
        // it blocks the reader with sync calls while the rest of the batch waits.
        var gates = Enumerable.Range(0, poolSize).Select(i => OpenGate(redis, tag, i)).ToArray();
        var work = keys.Select(key => ManyAfterRead(cache, key)).ToArray();
        for (var i = 0; i < poolSize; i++)
        {
            await ReleaseGateAsync(cluster: false, tag, i);
        }

        await Task.WhenAll(gates).WaitAsync(Deadline, Ct);
        var results = await Task.WhenAll(work).WaitAsync(Deadline, Ct);

        Assert.All(results, result =>
        {
            Assert.True(result.OnReaderThread, "Every continuation should have run on a reader thread; the test would prove nothing.");
            Assert.Equal([7], result.First);
            Assert.Equal([7], result.SyncRead);
            Assert.Equal([8], result.Second);
        });
    }

    private static async Task<(bool OnReaderThread, byte[]? Read, bool Found, byte[] Buffer, bool Removed)> SyncCallsAfter(Task gate, RedisDistributedCache cache, string key)
    {
        await gate.ConfigureAwait(false);
        var onReaderThread = PhysicalConnection.CompletingRepliesOnThisThread is not null;
        var sliding = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) };

        cache.Set(key + ":other", [4], sliding);
        var read = cache.Get(key);
        cache.Refresh(key);
        var buffer = new ArrayBufferWriter<byte>();
        var found = cache.TryGet(key + ":other", buffer);
        cache.Set(key + ":sequence", new ReadOnlySequence<byte>([5, 6]), new DistributedCacheEntryOptions());
        cache.Remove(key + ":other");
        var removed = cache.Get(key + ":other") is null;
        return (onReaderThread, read, found, buffer.WrittenSpan.ToArray(), removed);
    }

    private static async Task<(bool OnReaderThread, byte[]? First, byte[]? SyncRead, byte[]? Second)> ManyAfterRead(RedisDistributedCache cache, string key)
    {
        var first = await cache.GetAsync(key, CancellationToken.None).ConfigureAwait(false);
        var onReaderThread = PhysicalConnection.CompletingRepliesOnThisThread is not null;
        var syncRead = cache.Get(key);

        // Continues on whichever reader read the refresh (the pool's other connection or a spill) and blocks that one too.
        await cache.RefreshAsync(key, CancellationToken.None).ConfigureAwait(false);
        cache.Set(key, [8], new DistributedCacheEntryOptions());
        return (onReaderThread, first, syncRead, cache.Get(key));
    }

    private static string NewTag() => "{" + Guid.NewGuid().ToString("N") + "}";

    // BLPOP with no timeout holds the reply until ReleaseGateAsync pushes; the test's own bound ends it otherwise.
    private static Task OpenGate(RedisConnection redis, string tag, int index = 0)
        => redis.Executor.ExecuteAsync(BLPop, [$"sync:gate:{tag}:{index}", 0], Replies.Value, Ct, keyIndex: 0).AsTask();

    private async Task ReleaseGateAsync(bool cluster, string tag, int index = 0)
    {
        await using var pusher = await ConnectAsync(cluster, poolSize: 1);
        await pusher.RawAsync("LPUSH", $"sync:gate:{tag}:{index}", "open");
    }

    private async Task<RedisConnection> ConnectAsync(bool cluster, int poolSize)
    {
        var configuration = cluster ? (await servers.GetClusterAsync()).ConfigurationString : (await servers.GetStandaloneAsync()).EndPoint;
        var options = RedisOptions.Parse(configuration);
        options.PoolSize = poolSize;
        options.AsyncTimeout = CommandTimeout;
        return await RedisConnection.ConnectAsync(options, cancellationToken: Ct).WaitAsync(Bound, Ct);
    }
}
