namespace Adapters;

/// <summary>Options every provider's change-tracking map understands; providers may derive to add their own.</summary>
/// <typeparam name="TKey">The key type of the map.</typeparam>
/// <typeparam name="TValue">The value type of the map.</typeparam>
public class ChangeTrackingMapOptions<TKey, TValue>
    where TKey : notnull
{
    /// <summary>Turns keys into their canonical stored form (System.Text.Json by default).</summary>
    public IMapSerializer<TKey> KeySerializer { get; set; } = JsonMapSerializer<TKey>.Default;

    /// <summary>Turns values into bytes and back (System.Text.Json by default).</summary>
    public IMapSerializer<TValue> ValueSerializer { get; set; } = JsonMapSerializer<TValue>.Default;
}
