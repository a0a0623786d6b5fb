namespace Adapters.Conformance.Maps;

/// <summary>A provider's change-tracking maps under test. Every map opened on one name must share its data.</summary>
public abstract class ChangeTrackingMapFixture : ConformanceFixture
{
    /// <summary>Opens map <paramref name="name"/>; a second call on the same name is a second client of the same map.</summary>
    public abstract IChangeTrackingMap<TKey, TValue> OpenMap<TKey, TValue>(string name, ChangeTrackingMapOptions<TKey, TValue>? options = null)
        where TKey : notnull;

    /// <summary>How many entries the large enumeration test writes.</summary>
    public virtual int LargeMapEntries => 100_000;
}
