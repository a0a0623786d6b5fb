namespace Adapters.InMemory.Internal;

/// <summary>
/// What the cache holds and does for one session; every member is used under the store's lock. It lives while it holds
/// entries or while a fetch or write of the session is under way (<see cref="Activity"/>), so its epoch outlives them.
/// </summary>
internal sealed class AuthCacheSession(string id)
{
    public string Id { get; } = id;

    /// <summary>
    /// Moves on every invalidation and at the start and end of every write: a fetch that saw another epoch at its start
    /// may have read a value the store no longer holds, so it does not fill the cache.
    /// </summary>
    public long Epoch { get; set; }

    /// <summary>Writes through this cache under way; no fetch fills the cache meanwhile (it could read either side of them).</summary>
    public int PendingWrites { get; set; }

    /// <summary>Fetches and writes under way.</summary>
    public int Activity { get; set; }

    public AuthCacheEntry? Credentials { get; set; }

    public Dictionary<(string Type, string Id), AuthCacheEntry> Keys { get; } = [];

    /// <summary>The credentials fetch new readers join, until an invalidation makes its answer doubtful.</summary>
    public PendingFetch<byte[]?>? CredentialsInFlight { get; set; }

    /// <summary>The key fetches new readers join, by type and id.</summary>
    public Dictionary<(string Type, string Id), PendingFetch<IReadOnlyDictionary<string, byte[]>>> KeysInFlight { get; } = [];

    /// <summary>Bytes of the entries held (the session's own bookkeeping is counted by the index).</summary>
    public long Bytes { get; set; }

    public bool IsIdle => Activity == 0 && Credentials is null && Keys.Count == 0;
}
