namespace Adapters.InMemory.Internal;

/// <summary>
/// One cached value of a <see cref="CachingAuthStateStore"/>: a session's credentials (<see cref="Type"/> null) or one
/// key, or the knowledge that it is absent (<see cref="Value"/> null). Linked into two lists of the index: recency
/// (for LRU eviction) and age (for expiry: every entry lives equally long, so insertion order is expiry order).
/// </summary>
internal sealed class AuthCacheEntry(AuthCacheSession session, string? type, string id, byte[]? value, long bytes, long expiresAt)
{
    public AuthCacheSession Session { get; } = session;

    public string? Type { get; } = type;

    public string Id { get; } = id;

    /// <summary>Owned by the cache and never handed out (readers get copies); null records an absence.</summary>
    public byte[]? Value { get; } = value;

    public long Bytes { get; } = bytes;

    /// <summary>A <see cref="TimeProvider.GetTimestamp"/> value; <see cref="long.MaxValue"/> never expires.</summary>
    public long ExpiresAt { get; } = expiresAt;

    public AuthCacheEntry? NewerUse { get; set; }

    public AuthCacheEntry? OlderUse { get; set; }

    public AuthCacheEntry? Younger { get; set; }

    public AuthCacheEntry? Older { get; set; }
}
