using System.Diagnostics;
using Adapters.Redis.Tests.Caching;
using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Adapters.Redis.Tests.Hybrid;

[CollectionDefinition(nameof(RedisHybridTwoNodeTests), DisableParallelization = true)]
public sealed class RedisHybridTwoNodeCollection;

/// <summary>
/// Two HybridCache nodes as two processes would have them: each its own container, connection, L1 and backplane
/// subscription, registered the documented way (AddAdaptersRedisCache + AddAdaptersRedisHybridBackplane +
/// AddAdaptersHybridCache), on one Redis server. Run alone, since they bound how late the other node may see a write.
/// </summary>
[Collection(nameof(RedisHybridTwoNodeTests))]
public sealed class RedisHybridTwoNodeTests(RedisServers servers)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(50);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_SetAsync_on_one_node_is_seen_by_the_next_read_of_the_other_within_50_ms()
    {
        var (scope, key) = (Guid.NewGuid().ToString("N"), "user:1");
        await using var writer = await NodeAsync(scope);
        await using var reader = await NodeAsync(scope);
        var writerCache = writer.GetRequiredService<HybridCache>();
        var readerCache = reader.GetRequiredService<HybridCache>();
        Assert.Equal("v1", await readerCache.GetOrCreateAsync(key, _ => ValueTask.FromResult("v1"), cancellationToken: Ct));
        Assert.Equal("v1", await writerCache.GetOrCreateAsync(key, _ => ValueTask.FromResult("writer's factory must not run: L2 has v1"), cancellationToken: Ct));

        var started = Stopwatch.GetTimestamp();
        await writerCache.SetAsync(key, "v2", cancellationToken: Ct);

        // The reader's factory must not run either: once its L1 entry is evicted, L2 answers with v2.
        var seenAfter = await FirstSeenAsync(started, () => readerCache.GetOrCreateAsync(key, _ => ValueTask.FromResult("reader's factory ran"), cancellationToken: Ct), "v2");
        Assert.True(seenAfter <= Bound, $"The other node read v2 only {seenAfter.TotalMilliseconds:F1} ms after the SetAsync began.");
    }

    [Fact]
    public async Task A_RemoveByTagAsync_on_one_node_is_seen_by_the_next_read_of_the_other_within_50_ms()
    {
        var (scope, key, tag) = (Guid.NewGuid().ToString("N"), "order:7", "orders");
        await using var writer = await NodeAsync(scope);
        await using var reader = await NodeAsync(scope);
        var readerCache = reader.GetRequiredService<HybridCache>();
        Assert.Equal("v1", await readerCache.GetOrCreateAsync(key, _ => ValueTask.FromResult("v1"), tags: [tag], cancellationToken: Ct));

        var started = Stopwatch.GetTimestamp();
        await writer.GetRequiredService<HybridCache>().RemoveByTagAsync(tag, Ct);

        var seenAfter = await FirstSeenAsync(started, () => readerCache.GetOrCreateAsync(key, _ => ValueTask.FromResult("refetched"), tags: [tag], cancellationToken: Ct), "refetched");
        Assert.True(seenAfter <= Bound, $"The other node dropped its tagged entry only {seenAfter.TotalMilliseconds:F1} ms after the RemoveByTagAsync began.");
    }

    [Fact]
    public async Task A_value_cached_without_options_lives_five_minutes_in_Redis()
    {
        var scope = Guid.NewGuid().ToString("N");
        await using var node = await NodeAsync(scope);
        await node.GetRequiredService<HybridCache>().GetOrCreateAsync("plain", _ => ValueTask.FromResult("v"), cancellationToken: Ct);

        var server = await servers.GetStandaloneAsync();
        await using var redis = await ClientKit.ConnectAsync(server);
        Assert.InRange(await redis.PttlAsync($"hybrid-{scope}:plain"), 295_000, 300_000);
    }

    [Fact]
    public async Task A_node_whose_subscription_dropped_does_not_keep_a_value_written_meanwhile()
    {
        var server = await servers.GetStandaloneAsync();
        var scope = Guid.NewGuid().ToString("N");
        await using var proxy = new FaultProxy(server);
        await using var proxied = await RedisConnection.ConnectAsync($"{proxy.EndPoint},reconnectMaxDelay=200", cancellationToken: Ct).WaitAsync(ClientKit.Bound, Ct);
        await using var reader = Node(proxied, scope);
        await using var writer = await NodeAsync(scope);
        var (readerCache, writerCache) = (reader.GetRequiredService<HybridCache>(), writer.GetRequiredService<HybridCache>());
        Assert.Equal("v1", await readerCache.GetOrCreateAsync("price", _ => ValueTask.FromResult("v1"), cancellationToken: Ct));
        Assert.Equal("v1", await writerCache.GetOrCreateAsync("price", _ => ValueTask.FromResult("writer's factory ran"), cancellationToken: Ct));

        // The write's message is published while the proxy swallows everything for the reader, so it never arrives;
        // only the flush after the reader's reconnect can evict the entry it holds (which would otherwise live 5 minutes).
        proxy.Blackhole(true);
        await writerCache.SetAsync("price", "v2", cancellationToken: Ct);
        await Task.Delay(50, Ct);
        proxy.Blackhole(false);
        await proxy.DropConnectionsAsync();

        await ClientKit.UntilAsync(async () => await readerCache.GetOrCreateAsync("price", _ => ValueTask.FromResult("reader's factory ran"), cancellationToken: Ct) == "v2",
            "the reader's L1 entry evicted after its subscription was restored");
    }

    /// <summary>Reads until <paramref name="expected"/> comes back (or twice the bound has passed); returns when it first did.</summary>
    private static async Task<TimeSpan> FirstSeenAsync(long started, Func<ValueTask<string>> read, string expected)
    {
        while (true)
        {
            var value = await read();
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (value == expected || elapsed > 2 * Bound)
            {
                Assert.Equal(expected, value);
                return elapsed;
            }

            await Task.Delay(1, Ct);
        }
    }

    /// <summary>A node on a connection of the test's own (through a fault proxy).</summary>
    private static ServiceProvider Node(RedisConnection connection, string scope)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Caching.Distributed.IDistributedCache>(new RedisDistributedCache(connection, new RedisCacheOptions { InstanceName = $"hybrid-{scope}:" }));
        services.AddSingleton<IHybridCacheBackplane>(new RedisHybridCacheBackplane(connection, new RedisHybridCacheBackplaneOptions { Channel = $"adapters:hybrid:test-{scope}" }));
        services.AddAdaptersHybridCache();
        return services.BuildServiceProvider();
    }

    private async Task<ServiceProvider> NodeAsync(string scope)
    {
        var server = await servers.GetStandaloneAsync();
        var services = new ServiceCollection();
        services.AddAdaptersRedisCache(options =>
        {
            options.Configuration = server.EndPoint;
            options.InstanceName = $"hybrid-{scope}:";
        });
        services.AddAdaptersRedisHybridBackplane(options => options.Channel = $"adapters:hybrid:test-{scope}");
        services.AddAdaptersHybridCache();
        return services.BuildServiceProvider();
    }
}
