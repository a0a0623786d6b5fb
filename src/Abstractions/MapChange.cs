namespace Adapters;

/// <summary>What a write did to a map entry.</summary>
public enum MapChangeKind
{
    /// <summary>A key that was absent now has a value.</summary>
    Added,

    /// <summary>A present key got a new value.</summary>
    Updated,

    /// <summary>A present key was removed.</summary>
    Removed,

    /// <summary>The whole map was cleared.</summary>
    Cleared,
}

/// <summary>An immediate notification of one write made through a map instance.</summary>
/// <typeparam name="TKey">The key type of the map.</typeparam>
/// <typeparam name="TValue">The value type of the map.</typeparam>
/// <param name="Kind">What happened.</param>
/// <param name="Key">The key written; <see langword="default"/> for <see cref="MapChangeKind.Cleared"/>.</param>
/// <param name="Value">The new value for added and updated entries; otherwise <see langword="default"/>.</param>
/// <param name="Stamp">The stamp the write received; 0 for <see cref="MapChangeKind.Cleared"/>.</param>
public readonly record struct MapChange<TKey, TValue>(MapChangeKind Kind, TKey? Key, TValue? Value, long Stamp);
