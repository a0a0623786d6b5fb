using Microsoft.Extensions.Caching.Memory;

namespace Adapters.Hybrid.Internal;

/// <summary>
/// The L1: a private <see cref="MemoryCache"/> (not the application's <see cref="IMemoryCache"/>, so keyed caches and
/// other users cannot collide on keys) holding <see cref="LocalEntry"/> values.
/// </summary>
internal sealed class LocalCache(long? sizeLimit) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = sizeLimit });

    public bool TryGet(string key, out LocalEntry? entry) => _cache.TryGetValue(key, out entry);

    /// <summary>Stores <paramref name="entry"/>, kept until <paramref name="keepFor"/> has passed (fresh time plus any fail-safe window).</summary>
    public void Set(string key, LocalEntry entry, TimeSpan keepFor)
    {
        if (keepFor <= TimeSpan.Zero)
        {
            return;
        }

        using var cacheEntry = _cache.CreateEntry(key);
        cacheEntry.Value = entry;
        cacheEntry.AbsoluteExpirationRelativeToNow = keepFor;
        cacheEntry.Size = entry.Size;
    }

    public void Remove(string key) => _cache.Remove(key);

    public void Clear() => _cache.Clear();

    public void Dispose() => _cache.Dispose();
}
