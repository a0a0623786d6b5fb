namespace Adapters;

/// <summary>
/// One debounced window of the change feed for a consumer group: entries stamped in
/// (<see cref="Checkpoint"/>, <see cref="HighWaterMark"/>], oldest first.
/// </summary>
/// <typeparam name="TKey">The key type of the map.</typeparam>
/// <typeparam name="TValue">The value type of the map.</typeparam>
public sealed class ChangeBatch<TKey, TValue>
    where TKey : notnull
{
    /// <summary>Creates a batch; providers call this, consumers receive it.</summary>
    public ChangeBatch(string group, long checkpoint, long highWaterMark, IReadOnlyList<ChangeEntry<TKey, TValue>> entries, bool hasMore)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(highWaterMark, checkpoint);
        Group = group;
        Checkpoint = checkpoint;
        HighWaterMark = highWaterMark;
        Entries = entries;
        HasMore = hasMore;
    }

    /// <summary>The consumer group the batch was read for.</summary>
    public string Group { get; }

    /// <summary>The group's checkpoint when the batch was read (exclusive lower bound, µs stamp).</summary>
    public long Checkpoint { get; }

    /// <summary>The stamp to commit once the batch is handled: the last entry's stamp if truncated, else the cutoff.</summary>
    public long HighWaterMark { get; }

    /// <summary>The changed entries, oldest first.</summary>
    public IReadOnlyList<ChangeEntry<TKey, TValue>> Entries { get; }

    /// <summary>Whether the window held more than the batch's maximum count; the rest follow at once.</summary>
    public bool HasMore { get; }

    /// <summary>Whether the batch holds no entries.</summary>
    public bool IsEmpty => Entries.Count == 0;
}
