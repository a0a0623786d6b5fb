using System.Collections.Concurrent;
using Adapters.InMemory.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Adapters.InMemory;

/// <summary>
/// In-process change-tracking maps, driven by a <see cref="TimeProvider"/>. Every map opened on one name shares its
/// data, as every client of one Redis server would; values are stored serialized, so reads never alias writes.
/// </summary>
public sealed class InMemoryMapStore : IChangeTrackingMapFactory
{
    private readonly ConcurrentDictionary<string, MapState> _maps = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates an empty store on the given clock (the system clock by default).</summary>
    public InMemoryMapStore(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>The names of the maps opened so far.</summary>
    public IReadOnlyCollection<string> MapNames => [.. _maps.Keys];

    /// <inheritdoc />
    public IChangeTrackingMap<TKey, TValue> GetMap<TKey, TValue>(string name, ChangeTrackingMapOptions<TKey, TValue>? options = null)
        where TKey : notnull
    {
        NameRules.ValidateMapName(name);
        var state = _maps.GetOrAdd(name, static (mapName, time) => new MapState(mapName, time), _time);
        return new InMemoryChangeTrackingMap<TKey, TValue>(state, options ?? new ChangeTrackingMapOptions<TKey, TValue>(), _loggerFactory.CreateLogger("Adapters.InMemory.Map"));
    }

    /// <summary>Drops a map and all its data; handles already open keep working on the dropped data.</summary>
    /// <returns><see langword="true"/> when the map existed.</returns>
    public bool DropMap(string name)
    {
        NameRules.ValidateMapName(name);
        return _maps.TryRemove(name, out _);
    }
}
