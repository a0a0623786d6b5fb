namespace Adapters.InMemory.Internal;

/// <summary>
/// The contents of a <see cref="CachingAuthStateStore"/>: sessions, their entries, the recency list (LRU eviction by
/// bytes) and the age list (expiry), with the byte accounting and counters. Not thread-safe: the store's lock guards it.
/// </summary>
internal sealed partial class AuthCacheIndex(long maxBytes, int maxEntryBytes, long timeToLive, AuthCacheMetrics metrics)
{
    /// <summary>The estimated bookkeeping of a session: its object and dictionaries.</summary>
    public const long SessionOverheadBytes = 256;

    /// <summary>
    /// The estimated bookkeeping of an entry beyond its value and id: the entry object, its dictionary slot and key, and
    /// the value array's header.
    /// </summary>
    public const long EntryOverheadBytes = 160;

    private readonly Dictionary<string, AuthCacheSession> _sessions = new(StringComparer.Ordinal);
    private AuthCacheEntry? _mostRecent;
    private AuthCacheEntry? _leastRecent;
    private AuthCacheEntry? _youngest;
    private AuthCacheEntry? _oldest;

    public long Bytes { get; private set; }

    public long Entries { get; private set; }

    /// <summary>Sessions holding at least one entry.</summary>
    public long SessionsHeld { get; private set; }

    /// <summary>Moves on every flush: a fetch or write that started before one must not fill the cache.</summary>
    public long FlushEpoch { get; private set; }

    public long Evictions { get; private set; }

    public long Expirations { get; private set; }

    public long Invalidations { get; private set; }

    public long Flushes { get; private set; }

    public AuthCacheSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>The session's record, created if needed, held alive until <see cref="Leave"/>.</summary>
    public AuthCacheSession Enter(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            _sessions[sessionId] = session = new AuthCacheSession(sessionId);
        }

        session.Activity++;
        return session;
    }

    public void Leave(AuthCacheSession session)
    {
        session.Activity--;
        DropIfIdle(session);
    }

    /// <summary>The fresh entry of the credentials (<paramref name="type"/> null) or a key, marked as just used; null when absent or expired.</summary>
    public AuthCacheEntry? Lookup(AuthCacheSession session, string? type, string id, long now)
    {
        var entry = type is null ? session.Credentials : session.Keys.GetValueOrDefault((type, id));
        if (entry is null)
        {
            return null;
        }

        if (entry.ExpiresAt <= now)
        {
            Remove(entry, RemovalReason.Expired);
            return null;
        }

        if (!ReferenceEquals(entry, _mostRecent))
        {
            UnlinkUse(entry);
            LinkUse(entry);
        }

        return entry;
    }

    /// <summary>Caches a value (or an absence) the store holds now, replacing what was cached; too large a value is only uncached.</summary>
    public void Put(AuthCacheSession session, string? type, string id, byte[]? value, long now)
    {
        var existing = type is null ? session.Credentials : session.Keys.GetValueOrDefault((type, id));
        if (existing is not null)
        {
            Remove(existing, RemovalReason.Replaced);
        }

        if (value is not null && value.Length > maxEntryBytes)
        {
            return;
        }

        var bytes = EntryOverheadBytes + (2L * id.Length) + (value?.Length ?? 0);
        var expiresAt = timeToLive == long.MaxValue ? long.MaxValue : now + timeToLive;
        var entry = new AuthCacheEntry(session, type, id, value, bytes, expiresAt);
        if (type is null)
        {
            session.Credentials = entry;
        }
        else
        {
            session.Keys[(type, id)] = entry;
        }

        if (session.Bytes == 0)
        {
            SessionsHeld++;
            Bytes += SessionOverheadBytes;
        }

        session.Bytes += bytes;
        Bytes += bytes;
        Entries++;
        LinkUse(entry);
        LinkAge(entry);
        Trim();
    }

    public void RemoveCredentials(AuthCacheSession session)
    {
        if (session.Credentials is { } entry)
        {
            Remove(entry, RemovalReason.Invalidated);
        }
    }

    public void RemoveKeys(AuthCacheSession session, string type, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (session.Keys.GetValueOrDefault((type, id)) is { } entry)
            {
                Remove(entry, RemovalReason.Invalidated);
            }
        }
    }

    public void RemoveAllKeys(AuthCacheSession session)
    {
        foreach (var entry in session.Keys.Values.ToList())
        {
            Remove(entry, RemovalReason.Invalidated);
        }
    }

    /// <summary>Drops everything and moves the flush epoch, so no fetch or write under way fills the cache afterwards.</summary>
    public void Flush()
    {
        FlushEpoch++;
        Flushes++;
        metrics.Flushed();
        while (_leastRecent is { } entry)
        {
            Remove(entry, RemovalReason.Flushed);
        }

        foreach (var session in _sessions.Values.ToList())
        {
            session.CredentialsInFlight = null;
            session.KeysInFlight.Clear();
            DropIfIdle(session);
        }
    }

    /// <summary>Drops up to <paramref name="max"/> expired entries, oldest first.</summary>
    public void Sweep(long now, int max)
    {
        while (max-- > 0 && _oldest is { } oldest && oldest.ExpiresAt <= now)
        {
            Remove(oldest, RemovalReason.Expired);
            DropIfIdle(oldest.Session);
        }
    }

    /// <summary>The bytes held for one session, its bookkeeping included; 0 when nothing is cached.</summary>
    public long BytesOf(string sessionId)
        => _sessions.TryGetValue(sessionId, out var session) && session.Bytes > 0 ? session.Bytes + SessionOverheadBytes : 0;

    public void DropIfIdle(AuthCacheSession session)
    {
        if (session.IsIdle && _sessions.TryGetValue(session.Id, out var current) && ReferenceEquals(current, session))
        {
            _sessions.Remove(session.Id);
        }
    }

    private void Trim()
    {
        while (Bytes > maxBytes && _leastRecent is { } victim)
        {
            Remove(victim, RemovalReason.Evicted);
            DropIfIdle(victim.Session);
        }
    }
}
