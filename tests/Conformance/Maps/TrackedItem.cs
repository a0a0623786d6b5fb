using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace Adapters.Conformance.Maps;

/// <summary>
/// A value that counts its live instances per tag (construction adds one, finalization removes one), so a test can
/// tell exactly how many deserialized values a provider keeps alive, whatever else runs in the process.
/// </summary>
public sealed class TrackedItem
{
    private static readonly ConcurrentDictionary<string, int> LiveByTag = new(StringComparer.Ordinal);

    /// <summary>Creates an item and counts it under <paramref name="tag"/>.</summary>
    [JsonConstructor]
    public TrackedItem(string tag, int version, string payload)
    {
        Tag = tag;
        Version = version;
        Payload = payload;
        LiveByTag.AddOrUpdate(tag, 1, static (_, live) => live + 1);
    }

    /// <summary>Stops counting the item.</summary>
    ~TrackedItem() => LiveByTag.AddOrUpdate(Tag, 0, static (_, live) => live - 1);

    /// <summary>The test the item belongs to.</summary>
    public string Tag { get; }

    /// <summary>Tells items apart.</summary>
    public int Version { get; }

    /// <summary>Bulk.</summary>
    public string Payload { get; }

    /// <summary>Collects garbage, then returns how many items of <paramref name="tag"/> are still reachable.</summary>
    public static int CountLive(string tag)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return LiveByTag.GetValueOrDefault(tag);
    }
}
