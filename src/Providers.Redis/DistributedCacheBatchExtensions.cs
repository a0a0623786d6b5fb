using Adapters.Redis.Caching;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Redis;

/// <summary>
/// Reads and writes of many entries at once. On a <see cref="RedisDistributedCache"/> every entry's command is sent at
/// once and they share the connections' writes (one round trip for the lot, each entry still atomic); on a cluster
/// each goes to the owner of its key's slot, so keys need no common hash tag. On any other cache the calls run
/// concurrently.
/// </summary>
public static class DistributedCacheBatchExtensions
{
    /// <summary>
    /// Gets many entries, sliding their expirations as <see cref="IDistributedCache.GetAsync"/> does; the result holds
    /// one value per key, in the order of <paramref name="keys"/>, null where an entry is missing.
    /// </summary>
    /// <exception cref="ArgumentException">A key is null.</exception>
    public static async Task<byte[]?[]> GetManyAsync(this IDistributedCache cache, IEnumerable<string> keys, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var all = Materialize(keys);
        token.ThrowIfCancellationRequested();
        if (all.Length == 0)
        {
            return [];
        }

        if (cache is RedisDistributedCache redisCache)
        {
            // Connected before the loop, so every command is handed to the client without awaiting in between.
            await redisCache.ExecutorAsync(token).ConfigureAwait(false);
            var reads = new Task<byte[]?>[all.Length];
            for (var i = 0; i < all.Length; i++)
            {
                reads[i] = redisCache.GetAsync(all[i], token);
            }

            return await Task.WhenAll(reads).ConfigureAwait(false);
        }

        return await Task.WhenAll(all.Select(key => cache.GetAsync(key, token))).ConfigureAwait(false);
    }

    /// <summary>Sets many entries with the same <paramref name="options"/> (a relative expiration counts from this call).</summary>
    /// <exception cref="ArgumentException">A key or a value is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The absolute expiration is not in the future.</exception>
    public static async Task SetManyAsync(this IDistributedCache cache, IEnumerable<KeyValuePair<string, byte[]>> entries, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        var all = entries.ToArray();
        foreach (var (key, value) in all)
        {
            if (key is null || value is null)
            {
                throw new ArgumentException("Every entry needs a key and a value.", nameof(entries));
            }
        }

        token.ThrowIfCancellationRequested();
        if (all.Length == 0)
        {
            return;
        }

        if (cache is RedisDistributedCache redisCache)
        {
            var expiration = CacheExpiration.From(options, TimeProvider.System.GetUtcNow());
            var redis = await redisCache.ExecutorAsync(token).ConfigureAwait(false);
            var writes = new Task[all.Length];
            for (var i = 0; i < all.Length; i++)
            {
                writes[i] = redisCache.SetCoreAsync(redis, all[i].Key, all[i].Value, expiration, token).AsTask();
            }

            await Task.WhenAll(writes).ConfigureAwait(false);
            return;
        }

        await Task.WhenAll(all.Select(entry => cache.SetAsync(entry.Key, entry.Value, options, token))).ConfigureAwait(false);
    }

    private static string[] Materialize(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var all = keys.ToArray();
        if (Array.IndexOf(all, null) >= 0)
        {
            throw new ArgumentException("A key is null.", nameof(keys));
        }

        return all;
    }
}
