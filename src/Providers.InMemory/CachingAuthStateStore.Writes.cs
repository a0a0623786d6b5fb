using Adapters.InMemory.Internal;

namespace Adapters.InMemory;

public partial class CachingAuthStateStore
{
    /// <inheritdoc />
    public async ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateSessionId(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureListeningAsync(cancellationToken).ConfigureAwait(false);

        var copy = credentials.Length <= _options.MaxEntryBytes ? credentials.ToArray() : null;
        await WriteAsync(
            AuthStateInvalidation.ForCredentials(InstanceId, sessionId),
            () => _inner.WriteCredentialsAsync(sessionId, credentials, cancellationToken),
            session =>
            {
                if (copy is not null)
                {
                    _index.Put(session, null, string.Empty, copy, Now());
                }
            }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateSessionId(sessionId);
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        if (changes.IsEmpty)
        {
            await _inner.SetKeysAsync(sessionId, changes, cancellationToken).ConfigureAwait(false);
            return;
        }

        await EnsureListeningAsync(cancellationToken).ConfigureAwait(false);

        // Copied before the store sees them: what gets cached is exactly what was written.
        var copies = new List<AuthKeyChange>(changes.Count);
        foreach (var change in changes)
        {
            if (change.Value is null ? _options.CacheMissingKeys : change.Value.Length <= _options.MaxEntryBytes)
            {
                copies.Add(change with { Value = change.Value?.ToArray() });
            }
        }

        await WriteAsync(
            AuthStateInvalidation.ForKeys(InstanceId, sessionId, changes),
            () => _inner.SetKeysAsync(sessionId, changes, cancellationToken),
            session =>
            {
                var now = Now();
                foreach (var (type, id, value) in copies)
                {
                    _index.Put(session, type, id, value, now);
                }
            }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateSessionId(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureListeningAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync(
            AuthStateInvalidation.ForSession(InstanceId, sessionId, credentials: false),
            () => _inner.ClearKeysAsync(sessionId, cancellationToken),
            static _ => { }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateSessionId(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureListeningAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync(
            AuthStateInvalidation.ForSession(InstanceId, sessionId, credentials: true),
            () => _inner.DeleteSessionAsync(sessionId, cancellationToken),
            session =>
            {
                if (_options.CacheMissingKeys)
                {
                    _index.Put(session, null, string.Empty, null, Now());
                }
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// A write through the cache. What it touches is uncached before the store is asked (so no reader is served the old
    /// value from here meanwhile, and no read under way fills it back in) and again after; only a write that completed
    /// with nothing else written or invalidated on the session meanwhile installs its values. A failed write leaves
    /// the entries uncached: it may or may not have been applied, and the cache never guesses.
    /// </summary>
    private async ValueTask WriteAsync(AuthStateInvalidation invalidation, Func<ValueTask> write, Action<AuthCacheSession> install)
    {
        AuthCacheSession session;
        long epoch;
        long flushEpoch;
        lock (_gate)
        {
            session = _index.Enter(invalidation.SessionId!);
            InvalidateLocked(session, invalidation);
            session.PendingWrites++;
            epoch = session.Epoch;
            flushEpoch = _index.FlushEpoch;
        }

        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                session.PendingWrites--;
                InvalidateLocked(session, invalidation);
                _index.Leave(session);
            }

            var toThrow = await AnnounceFailedWriteAsync(invalidation, ex).ConfigureAwait(false);
            if (ReferenceEquals(toThrow, ex))
            {
                throw;
            }

            throw toThrow;
        }

        lock (_gate)
        {
            session.PendingWrites--;
            var clean = session.Epoch == epoch && _index.FlushEpoch == flushEpoch && session.PendingWrites == 0 && !_disposed;
            InvalidateLocked(session, invalidation);
            if (clean)
            {
                install(session);
            }

            _index.Leave(session);
        }

        await PublishAsync(invalidation).ConfigureAwait(false);
    }
}
