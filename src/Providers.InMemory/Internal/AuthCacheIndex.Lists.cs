namespace Adapters.InMemory.Internal;

/// <summary>Why an entry left the cache.</summary>
internal enum RemovalReason
{
    /// <summary>A newer value of the same entry took its place (not counted).</summary>
    Replaced,

    /// <summary>Least recently used when the cache was over its byte limit.</summary>
    Evicted,

    /// <summary>Its time-to-live passed.</summary>
    Expired,

    /// <summary>A write replaced or may have replaced it.</summary>
    Invalidated,

    /// <summary>Everything was dropped (counted once as a flush).</summary>
    Flushed,
}

internal sealed partial class AuthCacheIndex
{
    private void Remove(AuthCacheEntry entry, RemovalReason reason)
    {
        var session = entry.Session;
        if (entry.Type is null)
        {
            session.Credentials = null;
        }
        else
        {
            session.Keys.Remove((entry.Type, entry.Id));
        }

        UnlinkUse(entry);
        UnlinkAge(entry);
        session.Bytes -= entry.Bytes;
        Bytes -= entry.Bytes;
        Entries--;
        if (session.Bytes == 0)
        {
            SessionsHeld--;
            Bytes -= SessionOverheadBytes;
        }

        switch (reason)
        {
            case RemovalReason.Evicted:
                Evictions++;
                metrics.Removed("evicted");
                break;
            case RemovalReason.Expired:
                Expirations++;
                metrics.Removed("expired");
                break;
            case RemovalReason.Invalidated:
                Invalidations++;
                metrics.Removed("invalidated");
                break;
            case RemovalReason.Replaced:
            case RemovalReason.Flushed:
                break;
        }
    }

    // Recency: most recent at the head, the LRU victim at the tail.
    private void LinkUse(AuthCacheEntry entry)
    {
        entry.OlderUse = _mostRecent;
        entry.NewerUse = null;
        if (_mostRecent is not null)
        {
            _mostRecent.NewerUse = entry;
        }

        _mostRecent = entry;
        _leastRecent ??= entry;
    }

    private void UnlinkUse(AuthCacheEntry entry)
    {
        if (entry.NewerUse is { } newer)
        {
            newer.OlderUse = entry.OlderUse;
        }
        else
        {
            _mostRecent = entry.OlderUse;
        }

        if (entry.OlderUse is { } older)
        {
            older.NewerUse = entry.NewerUse;
        }
        else
        {
            _leastRecent = entry.NewerUse;
        }

        entry.NewerUse = null;
        entry.OlderUse = null;
    }

    // Age: every entry lives equally long, so the oldest expires first.
    private void LinkAge(AuthCacheEntry entry)
    {
        entry.Older = _youngest;
        entry.Younger = null;
        if (_youngest is not null)
        {
            _youngest.Younger = entry;
        }

        _youngest = entry;
        _oldest ??= entry;
    }

    private void UnlinkAge(AuthCacheEntry entry)
    {
        if (entry.Younger is { } younger)
        {
            younger.Older = entry.Older;
        }
        else
        {
            _youngest = entry.Older;
        }

        if (entry.Older is { } older)
        {
            older.Younger = entry.Younger;
        }
        else
        {
            _oldest = entry.Younger;
        }

        entry.Younger = null;
        entry.Older = null;
    }
}
