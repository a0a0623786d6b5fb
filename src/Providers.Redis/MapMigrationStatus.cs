namespace Adapters.Redis;

/// <summary>Where a map's sorted index stands.</summary>
public enum MapIndexState
{
    /// <summary>The map has no sorted index.</summary>
    None,

    /// <summary>A migration is backfilling it; writers already maintain it (dual write).</summary>
    Building,

    /// <summary>The index holds every entry; <see cref="ChangeScanStrategy.SortedIndex"/> reads use it.</summary>
    Ready,
}

/// <summary>The progress of building a map's sorted index.</summary>
/// <param name="State">Where the index stands.</param>
/// <param name="Processed">Timestamp entries backfilled so far.</param>
/// <param name="Total">Timestamp entries in the map now (entries and tombstones).</param>
public readonly record struct MapMigrationStatus(MapIndexState State, long Processed, long Total);
