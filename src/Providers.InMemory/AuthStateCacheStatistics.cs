namespace Adapters.InMemory;

/// <summary>A snapshot of a <see cref="CachingAuthStateStore"/>'s counters and contents.</summary>
/// <param name="Hits">Ids (and credential reads) answered from the cache, absent ones included.</param>
/// <param name="Misses">Ids fetched from the store by this cache.</param>
/// <param name="CoalescedReads">Ids that joined a fetch already in flight instead of asking the store again.</param>
/// <param name="Evictions">Entries dropped to stay within <see cref="CachingAuthStateStoreOptions.MaxBytes"/>.</param>
/// <param name="Expirations">Entries dropped because their time-to-live passed.</param>
/// <param name="Invalidations">Entries dropped because a write (here or announced by another cache) replaced them.</param>
/// <param name="RemoteInvalidations">Invalidation messages from other caches acted upon.</param>
/// <param name="Flushes">Times everything was dropped (the invalidation transport may have lost messages, or <see cref="CachingAuthStateStore.Clear"/>).</param>
/// <param name="Entries">Entries held now.</param>
/// <param name="Bytes">Bytes held now (values plus the estimated bookkeeping of entries and sessions).</param>
/// <param name="Sessions">Sessions with at least one entry held now.</param>
public readonly record struct AuthStateCacheStatistics(
    long Hits,
    long Misses,
    long CoalescedReads,
    long Evictions,
    long Expirations,
    long Invalidations,
    long RemoteInvalidations,
    long Flushes,
    long Entries,
    long Bytes,
    long Sessions)
{
    /// <summary>Hits over all lookups (hits, misses and coalesced reads); 0 before any lookup.</summary>
    public double HitRatio => Hits + Misses + CoalescedReads is var total and > 0 ? (double)Hits / total : 0;
}
