namespace Adapters;

/// <summary>
/// A distributed map that stamps every write and feeds debounced change batches to consumer groups.
/// </summary>
/// <remarks>
/// Values have copy semantics: they are serialized on write and deserialized on read, so mutating an
/// object after <see cref="SetAsync"/> never changes what is stored. Immediate, in-process notifications of
/// the writes made through this instance are published on <see cref="Changes"/>.
/// </remarks>
/// <typeparam name="TKey">The key type; keys are compared by their canonical serialized form.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IChangeTrackingMap<TKey, TValue> : IChangeFeed<TKey, TValue>, IAsyncDisposable
    where TKey : notnull
{
    /// <summary>Immediate notifications (added, updated, removed, cleared) of writes made through this instance.</summary>
    IObservable<MapChange<TKey, TValue>> Changes { get; }

    /// <summary>Gets the value stored for <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is not in the map.</exception>
    ValueTask<TValue> GetAsync(TKey key, CancellationToken cancellationToken = default);

    /// <summary>Gets the value stored for <paramref name="key"/>, or a lookup with <c>Found</c> false.</summary>
    ValueTask<MapLookup<TValue>> TryGetAsync(TKey key, CancellationToken cancellationToken = default);

    /// <summary>Gets the values of the given keys; keys that are not in the map are absent from the result.</summary>
    ValueTask<IReadOnlyDictionary<TKey, TValue>> GetManyAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> and stamps the write.</summary>
    /// <returns><see cref="MapChangeKind.Added"/> for a new key, <see cref="MapChangeKind.Updated"/> otherwise.</returns>
    ValueTask<MapChangeKind> SetAsync(TKey key, TValue value, CancellationToken cancellationToken = default);

    /// <summary>Stores many entries; each gets its own stamp, in enumeration order.</summary>
    ValueTask SetManyAsync(IEnumerable<KeyValuePair<TKey, TValue>> entries, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="key"/>, leaving a tombstone in the change feed while consumer groups exist.</summary>
    /// <returns><see langword="true"/> when the key was present.</returns>
    ValueTask<bool> RemoveAsync(TKey key, CancellationToken cancellationToken = default);

    /// <summary>Tells whether <paramref name="key"/> is in the map.</summary>
    ValueTask<bool> ContainsKeyAsync(TKey key, CancellationToken cancellationToken = default);

    /// <summary>Counts the entries of the map (tombstones excluded).</summary>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes every entry; each removal reaches the change feed as a tombstone.</summary>
    ValueTask ClearAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every entry in pages of <paramref name="pageSize"/>, holding one page in memory at a time.
    /// Entries present throughout are returned at least once; one rewritten meanwhile may come twice.
    /// </summary>
    IAsyncEnumerable<KeyValuePair<TKey, TValue>> EnumerateAsync(int pageSize = 1000, CancellationToken cancellationToken = default);
}
