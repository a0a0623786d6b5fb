namespace Adapters.InMemory.Internal;

/// <summary>The change feed of a map: windows with the clock clamp, CAS checkpoints, tombstone pruning and leases.</summary>
internal sealed partial class MapState
{
    private readonly SortedSet<Stamped> _tombstones = new(ByStamp);
    private readonly Dictionary<string, long> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeaseHold> _leases = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes the window <c>(checkpoint, cutoff]</c> for a group, where <c>cutoff = now - quiet</c>, and clamps the
    /// clock to the cutoff in the same step so no later write can be stamped inside the window.
    /// </summary>
    public FeedWindow ReadWindow(string group, TimeSpan quietPeriod, int maxCount)
    {
        lock (_gate)
        {
            var cutoff = MicrosecondClock.Now(time) - MicrosecondClock.ToMicroseconds(quietPeriod);
            _clock = Math.Max(_clock, cutoff);
            if (!_groups.TryGetValue(group, out var checkpoint))
            {
                _groups.Add(group, checkpoint = 0);
            }

            var entries = new List<StoredEntry>();
            if (cutoff <= checkpoint)
            {
                // The clock stepped back (or no time passed): nothing is quiet beyond the checkpoint yet.
                return new FeedWindow(checkpoint, checkpoint, entries, HasMore: false);
            }

            var hasMore = false;
            foreach (var stamped in _byStamp.GetViewBetween(new Stamped(checkpoint + 1, string.Empty), new Stamped(cutoff, string.Empty)))
            {
                if (entries.Count == maxCount)
                {
                    hasMore = true;
                    break;
                }

                entries.Add(new StoredEntry(stamped.Field, _slots[stamped.Field].Value, stamped.Stamp));
            }

            return new FeedWindow(checkpoint, hasMore ? entries[^1].Stamp : cutoff, entries, hasMore);
        }
    }

    public bool Commit(string group, long expected, long next, ChangeFeedLease? lease)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out var current) || current != expected || !MayCommit(group, lease))
            {
                return false;
            }

            if (next > _clock)
            {
                throw new ArgumentOutOfRangeException(nameof(next), next, $"A checkpoint cannot pass the map's clock ({_clock}): commit the high-water mark of a batch.");
            }

            _groups[group] = next;
            PruneTombstones();
            return true;
        }
    }

    public Dictionary<string, long> Checkpoints()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_groups, StringComparer.Ordinal);
        }
    }

    public bool DeleteGroup(string group)
    {
        lock (_gate)
        {
            _leases.Remove(group);
            if (!_groups.Remove(group))
            {
                return false;
            }

            PruneTombstones();
            return true;
        }
    }

    public string? TryAcquireLease(string group, TimeSpan duration)
    {
        lock (_gate)
        {
            var now = MicrosecondClock.Now(time);
            if (_leases.TryGetValue(group, out var hold) && hold.ExpiresAt > now)
            {
                return null;
            }

            var token = Guid.NewGuid().ToString("N");
            _leases[group] = new LeaseHold(token, now + MicrosecondClock.ToMicroseconds(duration));
            return token;
        }
    }

    public bool RenewLease(string group, string token, TimeSpan duration)
    {
        lock (_gate)
        {
            var now = MicrosecondClock.Now(time);
            if (!_leases.TryGetValue(group, out var hold) || hold.Token != token || hold.ExpiresAt <= now)
            {
                return false;
            }

            _leases[group] = hold with { ExpiresAt = now + MicrosecondClock.ToMicroseconds(duration) };
            return true;
        }
    }

    public void ReleaseLease(string group, string token)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(group, out var hold) && hold.Token == token)
            {
                _leases.Remove(group);
            }
        }
    }

    // Fencing: a commit with a lease needs that lease to be current; one without needs nobody else to hold it.
    private bool MayCommit(string group, ChangeFeedLease? lease)
    {
        var live = _leases.TryGetValue(group, out var hold) && hold.ExpiresAt > MicrosecondClock.Now(time);
        return lease is null ? !live : live && hold.Token == lease.Token;
    }

    private void PruneTombstones()
    {
        var horizon = _groups.Count == 0 ? long.MaxValue : _groups.Values.Min();
        while (_tombstones.Count > 0 && _tombstones.Min.Stamp <= horizon)
        {
            var oldest = _tombstones.Min;
            _tombstones.Remove(oldest);
            _byStamp.Remove(oldest);
            _slots.Remove(oldest.Field);
        }
    }

    private readonly record struct LeaseHold(string Token, long ExpiresAt);
}

/// <summary>A window read for a group: its checkpoint, high-water mark and entries (tombstones have null values).</summary>
internal readonly record struct FeedWindow(long Checkpoint, long HighWaterMark, List<StoredEntry> Entries, bool HasMore);
