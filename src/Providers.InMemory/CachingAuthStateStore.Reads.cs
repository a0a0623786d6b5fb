using Adapters.InMemory.Internal;

namespace Adapters.InMemory;

public partial class CachingAuthStateStore
{
    /// <inheritdoc />
    public async ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateSessionId(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureListeningAsync(cancellationToken).ConfigureAwait(false);

        PendingFetch<byte[]?>? fetch;
        AuthCacheSession? leading = null;
        lock (_gate)
        {
            var now = Now();
            _index.Sweep(now, SweepPerOperation);
            if (_index.Find(sessionId) is { } known && _index.Lookup(known, null, string.Empty, now) is { } entry)
            {
                _hits++;
                _metrics.Hits(1);
                return entry.Value?.ToArray();
            }

            var session = _index.Enter(sessionId);
            fetch = session.CredentialsInFlight;
            if (fetch is null)
            {
                session.CredentialsInFlight = fetch = new PendingFetch<byte[]?>(session.Epoch, _index.FlushEpoch);
                leading = session;
                _misses++;
                _metrics.Misses(1);
            }
            else
            {
                _index.Leave(session);
                _coalesced++;
                _metrics.Coalesced(1);
            }
        }

        if (leading is not null)
        {
            _ = FetchCredentialsAsync(leading, fetch);
        }

        var value = await fetch.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return value?.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateSessionId(sessionId);
        NameRules.ValidateKeyType(type);
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureListeningAsync(cancellationToken).ConfigureAwait(false);

        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        List<string>? missing = null;
        List<(string Id, PendingFetch<IReadOnlyDictionary<string, byte[]>> Fetch)>? joined = null;
        PendingFetch<IReadOnlyDictionary<string, byte[]>>? own = null;
        AuthCacheSession? session;
        (long Changes, long Flushes) observed;
        long hits = 0;
        lock (_gate)
        {
            observed = (_changes, _index.FlushEpoch);
            var now = Now();
            _index.Sweep(now, SweepPerOperation);
            session = _index.Find(sessionId);
            foreach (var id in ids)
            {
                if (session is not null && _index.Lookup(session, type, id, now) is { } entry)
                {
                    hits++;
                    if (entry.Value is { } value)
                    {
                        result[id] = value.ToArray();
                    }
                }
                else if (session is not null && session.KeysInFlight.TryGetValue((type, id), out var pending))
                {
                    (joined ??= []).Add((id, pending));
                }
                else
                {
                    if (own is null)
                    {
                        session = _index.Enter(sessionId);
                        own = new PendingFetch<IReadOnlyDictionary<string, byte[]>>(session.Epoch, _index.FlushEpoch);
                    }

                    (missing ??= []).Add(id);
                    session!.KeysInFlight[(type, id)] = own;
                }
            }

            _hits += hits;
            _misses += missing?.Count ?? 0;
            _coalesced += joined?.Count ?? 0;
            _metrics.Hits(hits);
            _metrics.Misses(missing?.Count ?? 0);
            _metrics.Coalesced(joined?.Count ?? 0);
            if (own is null && session is not null)
            {
                _index.DropIfIdle(session);
            }
        }

        if (own is not null)
        {
            _ = FetchKeysAsync(session!, type, missing!, own);
            Collect(result, missing!, await own.Task.WaitAsync(cancellationToken).ConfigureAwait(false));
        }

        if (joined is not null)
        {
            foreach (var (id, fetch) in joined)
            {
                Collect(result, [id], await fetch.Task.WaitAsync(cancellationToken).ConfigureAwait(false));
            }
        }

        // Hits and fetches answered at different moments: if anything was written in between, the mix could hold half
        // of a change-set, so the whole read goes to the store once, as one snapshot (and is not cached).
        var sources = (hits > 0 ? 1 : 0) + (own is null ? 0 : 1) + (joined?.Select(pending => pending.Fetch).Distinct().Count() ?? 0);
        if (sources > 1 && Moved(observed))
        {
            var snapshot = await _inner.GetKeysAsync(sessionId, type, ids, cancellationToken).ConfigureAwait(false);
            result.Clear();
            Collect(result, ids, snapshot);
        }

        return result;
    }

    private bool Moved((long Changes, long Flushes) observed)
    {
        lock (_gate)
        {
            return _changes != observed.Changes || _index.FlushEpoch != observed.Flushes;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _inner.ListSessionsAsync(cancellationToken);
    }

    // A fetch's answer is shared by every reader that joined it (and may be cached): each gets its own copies.
    private static void Collect(Dictionary<string, byte[]> result, IEnumerable<string> ids, IReadOnlyDictionary<string, byte[]> fetched)
    {
        foreach (var id in ids)
        {
            if (fetched.TryGetValue(id, out var value))
            {
                result[id] = value.ToArray();
            }
        }
    }

    // Runs apart from the reader that started it (whose cancellation must not fail the others), and never throws: the
    // store's failure reaches every reader through the fetch.
    private async Task FetchCredentialsAsync(AuthCacheSession session, PendingFetch<byte[]?> fetch)
    {
        byte[]? value = null;
        Exception? failure = null;
        try
        {
            value = await _inner.ReadCredentialsAsync(session.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        lock (_gate)
        {
            if (ReferenceEquals(session.CredentialsInFlight, fetch))
            {
                session.CredentialsInFlight = null;
            }

            if (failure is null && CanFill(session, fetch.SessionEpoch, fetch.FlushEpoch) && (value is not null || _options.CacheMissingKeys))
            {
                _index.Put(session, null, string.Empty, value, Now());
            }

            _index.Leave(session);
        }

        if (failure is null)
        {
            fetch.Complete(value);
        }
        else
        {
            fetch.Fail(failure);
        }
    }

    private async Task FetchKeysAsync(AuthCacheSession session, string type, List<string> ids, PendingFetch<IReadOnlyDictionary<string, byte[]>> fetch)
    {
        IReadOnlyDictionary<string, byte[]>? found = null;
        Exception? failure = null;
        try
        {
            found = await _inner.GetKeysAsync(session.Id, type, ids, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The inner store's {nameof(GetKeysAsync)} returned null.");
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (session.KeysInFlight.TryGetValue((type, id), out var current) && ReferenceEquals(current, fetch))
                {
                    session.KeysInFlight.Remove((type, id));
                }
            }

            if (found is not null && CanFill(session, fetch.SessionEpoch, fetch.FlushEpoch))
            {
                var now = Now();
                foreach (var id in ids)
                {
                    var value = found.GetValueOrDefault(id);
                    if (value is not null || _options.CacheMissingKeys)
                    {
                        _index.Put(session, type, id, value, now);
                    }
                }
            }

            _index.Leave(session);
        }

        if (found is not null)
        {
            fetch.Complete(found);
        }
        else
        {
            fetch.Fail(failure!);
        }
    }

    /// <summary>Whether a read that started at these epochs may fill the cache: nothing was invalidated or written since, and no write is under way.</summary>
    private bool CanFill(AuthCacheSession session, long sessionEpoch, long flushEpoch)
        => !_disposed && session.Epoch == sessionEpoch && _index.FlushEpoch == flushEpoch && session.PendingWrites == 0;
}
