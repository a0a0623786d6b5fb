namespace Adapters.InMemory.Internal;

/// <summary>
/// The shared, type-agnostic state of one in-memory map: entries as canonical field → stored bytes, each stamped
/// under one lock from the <see cref="TimeProvider"/> with <c>stamp = max(now_µs, clock + 1)</c>, plus a stamp index
/// for windows and enumeration. Every map handle opened on the same name works on one instance.
/// </summary>
internal sealed partial class MapState(string name, TimeProvider time)
{
    private static readonly IComparer<Stamped> ByStamp = Comparer<Stamped>.Create((a, b) => a.Stamp.CompareTo(b.Stamp));

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    // Every slot, live or tombstone, ordered by its (unique) stamp.
    private readonly SortedSet<Stamped> _byStamp = new(ByStamp);
    private long _clock;
    private long _liveCount;

    public string Name { get; } = name;

    public byte[]? Get(string field)
    {
        lock (_gate)
        {
            return _slots.GetValueOrDefault(field)?.Value;
        }
    }

    public void GetMany(ReadOnlySpan<string> fields, Span<byte[]?> values)
    {
        lock (_gate)
        {
            for (var i = 0; i < fields.Length; i++)
            {
                values[i] = _slots.GetValueOrDefault(fields[i])?.Value;
            }
        }
    }

    public bool Contains(string field)
    {
        lock (_gate)
        {
            return _slots.GetValueOrDefault(field)?.Value is not null;
        }
    }

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _liveCount;
            }
        }
    }

    public Written Set(string field, byte[] value)
    {
        lock (_gate)
        {
            return SetLocked(field, value);
        }
    }

    public void SetMany(ReadOnlySpan<(string Field, byte[] Value)> entries, Span<Written> written)
    {
        lock (_gate)
        {
            for (var i = 0; i < entries.Length; i++)
            {
                written[i] = SetLocked(entries[i].Field, entries[i].Value);
            }
        }
    }

    /// <summary>Removes a live entry; returns its removal stamp, or 0 when it was not there.</summary>
    public long Remove(string field)
    {
        lock (_gate)
        {
            return RemoveLocked(field);
        }
    }

    /// <summary>Removes every live entry (tombstoned while groups exist); returns how many were removed.</summary>
    public long Clear()
    {
        lock (_gate)
        {
            var removed = _liveCount;
            if (_groups.Count == 0)
            {
                _slots.Clear();
                _byStamp.Clear();
                _tombstones.Clear();
            }
            else
            {
                foreach (var field in _slots.Where(pair => pair.Value.Value is not null).Select(pair => pair.Key).ToList())
                {
                    RemoveLocked(field);
                }
            }

            _liveCount = 0;
            return removed;
        }
    }

    /// <summary>Reads up to <paramref name="pageSize"/> live entries stamped after <paramref name="afterStamp"/>, oldest first.</summary>
    public List<StoredEntry> ReadPage(long afterStamp, int pageSize)
    {
        var page = new List<StoredEntry>(Math.Min(pageSize, 1024));
        lock (_gate)
        {
            if (_byStamp.Count == 0 || afterStamp >= _byStamp.Max.Stamp)
            {
                return page;
            }

            foreach (var stamped in _byStamp.GetViewBetween(new Stamped(afterStamp + 1, string.Empty), _byStamp.Max))
            {
                if (_slots[stamped.Field].Value is { } value)
                {
                    page.Add(new StoredEntry(stamped.Field, value, stamped.Stamp));
                    if (page.Count == pageSize)
                    {
                        break;
                    }
                }
            }
        }

        return page;
    }

    private Written SetLocked(string field, byte[] value)
    {
        var stamp = NextStamp();
        if (_slots.TryGetValue(field, out var slot))
        {
            _byStamp.Remove(new Stamped(slot.Stamp, field));
            var wasLive = slot.Value is not null;
            if (!wasLive)
            {
                _tombstones.Remove(new Stamped(slot.Stamp, field));
                _liveCount++;
            }

            slot.Value = value;
            slot.Stamp = stamp;
            _byStamp.Add(new Stamped(stamp, field));
            return new Written(wasLive ? MapChangeKind.Updated : MapChangeKind.Added, stamp);
        }

        _slots.Add(field, new Slot { Value = value, Stamp = stamp });
        _byStamp.Add(new Stamped(stamp, field));
        _liveCount++;
        return new Written(MapChangeKind.Added, stamp);
    }

    private long RemoveLocked(string field)
    {
        if (!_slots.TryGetValue(field, out var slot) || slot.Value is null)
        {
            return 0;
        }

        var stamp = NextStamp();
        _byStamp.Remove(new Stamped(slot.Stamp, field));
        _liveCount--;
        if (_groups.Count == 0)
        {
            // No consumer group could ever need the tombstone: a group created later starts from the current state.
            _slots.Remove(field);
            return stamp;
        }

        slot.Value = null;
        slot.Stamp = stamp;
        _byStamp.Add(new Stamped(stamp, field));
        _tombstones.Add(new Stamped(stamp, field));
        return stamp;
    }

    private long NextStamp()
    {
        _clock = Math.Max(MicrosecondClock.Now(time), _clock + 1);
        return _clock;
    }

    private sealed class Slot
    {
        public byte[]? Value;
        public long Stamp;
    }

    private readonly record struct Stamped(long Stamp, string Field);
}

/// <summary>The outcome of one stamped write.</summary>
internal readonly record struct Written(MapChangeKind Kind, long Stamp);

/// <summary>A stored entry: its canonical field, stored bytes (null for a tombstone) and stamp.</summary>
internal readonly record struct StoredEntry(string Field, byte[]? Value, long Stamp);
