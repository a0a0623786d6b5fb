using Adapters.InMemory;
using Adapters.Redis.Tests.Client;
using Adapters.TestServers;

namespace Adapters.Redis.Tests.AuthCaching;

/// <summary>
/// One "process" of the cross-process tests: its own connection, Redis store, invalidation bus and cache, as a
/// WhatsApp worker would have.
/// </summary>
internal sealed class CacheNode : IAsyncDisposable
{
    private CacheNode(RedisConnection connection, RedisAuthStateStore store, RedisAuthInvalidationBus bus, CachingAuthStateStore cache)
    {
        Connection = connection;
        Store = store;
        Bus = bus;
        Cache = cache;
    }

    public RedisConnection Connection { get; }

    public RedisAuthStateStore Store { get; }

    public RedisAuthInvalidationBus Bus { get; }

    public CachingAuthStateStore Cache { get; }

    /// <summary>Starts a node; a <paramref name="fastFailing"/> one gives up on a dead server after a second.</summary>
    public static async Task<CacheNode> StartAsync(RedisServerProcess server, string channel, bool fastFailing = false)
    {
        var connection = fastFailing ? await Auth.AuthTestKit.ConnectAsync(server.EndPoint) : await ClientKit.ConnectAsync(server);
        var store = new RedisAuthStateStore(connection);
        var bus = new RedisAuthInvalidationBus(connection, new RedisAuthInvalidationBusOptions { Channel = channel });
        var cache = CachingAuthStateStore.Create(store, new CachingAuthStateStoreOptions { InvalidationBus = bus });
        return new CacheNode(connection, store, bus, cache);
    }

    /// <summary>A channel of one test, so tests sharing a server do not evict each other's entries.</summary>
    public static string NewChannel() => $"{RedisAuthInvalidationBusOptions.DefaultChannel}:{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        await Bus.DisposeAsync();
        await Store.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
