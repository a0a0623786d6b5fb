namespace Adapters;

/// <summary>
/// A Baileys-style key transaction on one session: reads are fetched once and cached, writes are buffered
/// (and visible to later reads of the same transaction), and everything is committed as one atomic change-set.
/// Created by <see cref="AuthStateTransactionExtensions.TransactionAsync{T}"/>.
/// </summary>
public sealed class AuthKeyTransaction
{
    private readonly Lock _gate = new();

    // type → id → value; a null value records a known absence (or a buffered deletion).
    private readonly Dictionary<string, Dictionary<string, byte[]?>> _cache = new(StringComparer.Ordinal);
    private readonly AuthKeyChangeSet _pending = new();

    internal AuthKeyTransaction(IAuthStateStore store, string sessionId)
    {
        Store = store;
        SessionId = sessionId;
    }

    /// <summary>The session the transaction works on.</summary>
    public string SessionId { get; }

    /// <summary>The number of buffered changes that the commit will write.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    internal IAuthStateStore Store { get; }

    /// <summary>Gets keys, seeing this transaction's own buffered writes; ids never read before are fetched once.</summary>
    public async ValueTask<IReadOnlyDictionary<string, byte[]>> GetAsync(string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateKeyType(type);
        ArgumentNullException.ThrowIfNull(ids);

        List<string>? missing = null;
        lock (_gate)
        {
            var known = _cache.GetValueOrDefault(type);
            foreach (var id in ids)
            {
                if (known is null || !known.ContainsKey(id))
                {
                    (missing ??= []).Add(id);
                }
            }
        }

        if (missing is not null)
        {
            var fetched = await Store.GetKeysAsync(SessionId, type, missing, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                var known = CacheFor(type);
                foreach (var id in missing)
                {
                    // A concurrent Set inside this transaction wins over what the store returned.
                    known.TryAdd(id, fetched.GetValueOrDefault(id));
                }
            }
        }

        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        lock (_gate)
        {
            var known = CacheFor(type);
            foreach (var id in ids)
            {
                if (known.GetValueOrDefault(id) is { } value)
                {
                    result[id] = value;
                }
            }
        }

        return result;
    }

    /// <summary>Buffers a write, or a deletion when <paramref name="value"/> is <see langword="null"/>.</summary>
    public void Set(string type, string id, byte[]? value)
    {
        lock (_gate)
        {
            _pending.Add(type, id, value);
            CacheFor(type)[id] = value;
        }
    }

    /// <summary>Buffers every change of <paramref name="changes"/>.</summary>
    public void Set(AuthKeyChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            Set(change.Type, change.Id, change.Value);
        }
    }

    /// <summary>Takes the buffered changes for the commit.</summary>
    internal AuthKeyChangeSet TakePending()
    {
        lock (_gate)
        {
            return new AuthKeyChangeSet().MergeFrom(_pending);
        }
    }

    private Dictionary<string, byte[]?> CacheFor(string type)
    {
        if (!_cache.TryGetValue(type, out var known))
        {
            _cache[type] = known = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        }

        return known;
    }
}
