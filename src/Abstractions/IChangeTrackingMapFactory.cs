namespace Adapters;

/// <summary>Opens change-tracking maps by name; every instance opened on one name shares the same data.</summary>
public interface IChangeTrackingMapFactory
{
    /// <summary>Opens the map <paramref name="name"/> with the given serializers and options.</summary>
    /// <exception cref="ArgumentException">The name breaks <see cref="NameRules.ValidateMapName"/>.</exception>
    IChangeTrackingMap<TKey, TValue> GetMap<TKey, TValue>(string name, ChangeTrackingMapOptions<TKey, TValue>? options = null)
        where TKey : notnull;
}
