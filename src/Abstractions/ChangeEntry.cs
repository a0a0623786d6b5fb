namespace Adapters;

/// <summary>One entry of a change batch: the key's current value, or a tombstone when it was removed.</summary>
/// <typeparam name="TKey">The key type of the map.</typeparam>
/// <typeparam name="TValue">The value type of the map.</typeparam>
/// <param name="Key">The changed key.</param>
/// <param name="Value">The value as last written; <see langword="default"/> for a removal.</param>
/// <param name="IsRemoved">Whether the key was removed.</param>
/// <param name="Stamp">The stamp of the last write (µs since the Unix epoch, unique per map).</param>
public readonly record struct ChangeEntry<TKey, TValue>(TKey Key, TValue? Value, bool IsRemoved, long Stamp);
