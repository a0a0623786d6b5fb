namespace Adapters.InMemory;

/// <summary>Options of <see cref="CachingAuthStateStore"/>.</summary>
public sealed class CachingAuthStateStoreOptions
{
    /// <summary>The most the cache holds, in bytes (values plus an estimate of each entry's bookkeeping); least recently used entries go first. 64 MiB by default.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Values larger than this are never cached (they are read from the store every time). 1 MiB by default.</summary>
    public int MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a value stays cached after it was read or written (not renewed by hits), bounding how stale an entry can
    /// get when an invalidation is lost or a writer publishes none; <see cref="Timeout.InfiniteTimeSpan"/> for never.
    /// 5 minutes by default.
    /// </summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether ids (and credentials) the store does not hold are remembered as absent. They are invalidated exactly like
    /// values, so this is as safe as caching values; on by default because Baileys asks for absent keys all the time.
    /// </summary>
    public bool CacheMissingKeys { get; set; } = true;

    /// <summary>
    /// Where writes are announced to, and invalidations from other processes (or other caches) come from;
    /// <see langword="null"/> when this cache is the only one in front of its store.
    /// </summary>
    public IAuthStateInvalidationBus? InvalidationBus { get; set; }

    /// <summary>The clock time-to-live runs on.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The name the cache's metrics are tagged with (<c>adapters.cache.name</c>).</summary>
    public string Name { get; set; } = "auth-state";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBytes, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEntryBytes, nameof(MaxEntryBytes));
        if (MaxEntryBytes > MaxBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEntryBytes), MaxEntryBytes, $"{nameof(MaxEntryBytes)} cannot exceed {nameof(MaxBytes)}.");
        }

        if (TimeToLive != Timeout.InfiniteTimeSpan && (TimeToLive <= TimeSpan.Zero || TimeToLive > MaxTimeToLive))
        {
            throw new ArgumentOutOfRangeException(nameof(TimeToLive), TimeToLive, $"{nameof(TimeToLive)} must be positive and at most {MaxTimeToLive.TotalDays} days, or infinite.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
    }

    internal CachingAuthStateStoreOptions Clone() => (CachingAuthStateStoreOptions)MemberwiseClone();

    // Beyond this a timestamp deadline could overflow on high-frequency clocks; nobody wants staler entries anyway.
    private static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(365);
}
