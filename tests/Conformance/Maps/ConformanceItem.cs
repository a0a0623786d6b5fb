namespace Adapters.Conformance.Maps;

/// <summary>The value type the map suite stores: a name, a version that tells writes apart, and an optional payload.</summary>
/// <param name="Name">A label.</param>
/// <param name="Version">Distinguishes successive writes of one key.</param>
/// <param name="Payload">Bulk for size-sensitive tests.</param>
public sealed record ConformanceItem(string Name, int Version, string? Payload = null);

/// <summary>A mutable value type, to prove maps copy values in and out.</summary>
public sealed class MutableItem
{
    /// <summary>A list the test mutates after writing or reading.</summary>
    public List<string> Tags { get; set; } = [];
}
