namespace Adapters;

/// <summary>What a HybridCache node tells the others through an <see cref="IHybridCacheBackplane"/>.</summary>
public enum HybridCacheInvalidationKind
{
    /// <summary>One key was overwritten or removed: drop it from the local cache.</summary>
    Key,

    /// <summary>A tag was invalidated at <see cref="HybridCacheInvalidation.InvalidatedAt"/> (<c>*</c> is every entry).</summary>
    Tag,

    /// <summary>Messages may have been lost (the transport reconnected): drop everything and re-read tag state.</summary>
    Everything,
}

/// <summary>
/// One message on an <see cref="IHybridCacheBackplane"/>: a key, a tag with the time it was invalidated, or everything.
/// </summary>
public sealed class HybridCacheInvalidation
{
    private HybridCacheInvalidation(HybridCacheInvalidationKind kind, string? origin, string? key, string? tag, DateTimeOffset invalidatedAt)
    {
        Kind = kind;
        Origin = origin;
        Key = key;
        Tag = tag;
        InvalidatedAt = invalidatedAt;
    }

    /// <summary>What the message is about.</summary>
    public HybridCacheInvalidationKind Kind { get; }

    /// <summary>The publishing node's id, so it can skip its own messages; <see langword="null"/> when the transport raised it.</summary>
    public string? Origin { get; }

    /// <summary>The key, for <see cref="HybridCacheInvalidationKind.Key"/>.</summary>
    public string? Key { get; }

    /// <summary>The tag, for <see cref="HybridCacheInvalidationKind.Tag"/>.</summary>
    public string? Tag { get; }

    /// <summary>When the tag was invalidated: entries of the tag created before it are stale.</summary>
    public DateTimeOffset InvalidatedAt { get; }

    /// <summary>The value of <paramref name="key"/> was overwritten or removed.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    public static HybridCacheInvalidation ForKey(string? origin, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new(HybridCacheInvalidationKind.Key, origin, key, null, default);
    }

    /// <summary>Every entry of <paramref name="tag"/> created before <paramref name="invalidatedAt"/> is stale.</summary>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is null or empty.</exception>
    public static HybridCacheInvalidation ForTag(string? origin, string tag, DateTimeOffset invalidatedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return new(HybridCacheInvalidationKind.Tag, origin, null, tag, invalidatedAt);
    }

    /// <summary>Anything may be stale (raised by a transport that may have lost messages).</summary>
    public static HybridCacheInvalidation Everything(string? origin) => new(HybridCacheInvalidationKind.Everything, origin, null, null, default);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        HybridCacheInvalidationKind.Key => $"key {Key} (from {Origin ?? "transport"})",
        HybridCacheInvalidationKind.Tag => $"tag {Tag} at {InvalidatedAt:O} (from {Origin ?? "transport"})",
        _ => $"everything (from {Origin ?? "transport"})",
    };
}
