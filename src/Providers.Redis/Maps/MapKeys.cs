namespace Adapters.Redis.Maps;

/// <summary>
/// The keys of one map (DESIGN.md), all under the <c>{NAME}</c> hash tag so they share a cluster slot: the value hash,
/// the timestamps hash, the sorted index, the clock, the consumer groups and their leases, plus the tombstone set
/// (removals by stamp, for pruning) and the index state (absent, "building" or "ready").
/// </summary>
internal sealed class MapKeys(string name)
{
    public string Name { get; } = name;

    public string Values { get; } = $"map:{{{name}}}";

    public string Timestamps { get; } = $"map:{{{name}}}:__meta:timestamps";

    public string Index { get; } = $"map:{{{name}}}:__meta:ts-index";

    public string Clock { get; } = $"map:{{{name}}}:__meta:clock";

    public string Groups { get; } = $"map:{{{name}}}:__meta:groups";

    public string Tombstones { get; } = $"map:{{{name}}}:__meta:tombstones";

    public string IndexState { get; } = $"map:{{{name}}}:__meta:index-state";

    public string Migration { get; } = $"map:{{{name}}}:__meta:migration";

    public string Lease(string group) => $"map:{{{Name}}}:__meta:lease:{group}";
}
