using System.Collections.Concurrent;
using Adapters.InMemory.Internal;

namespace Adapters.InMemory;

/// <summary>
/// An in-process <see cref="IAuthStateStore"/>: sessions isolated from each other, change-sets applied atomically
/// under the session's lock, and values copied in and out so callers never share arrays with the store.
/// </summary>
public sealed class InMemoryAuthStateStore : IAuthStateStore, IAuthStateKeyEnumeration
{
    private readonly ConcurrentDictionary<string, AuthSession> _sessions = new(StringComparer.Ordinal);
    private readonly int _maxValueBytes;

    /// <summary>Creates an empty store.</summary>
    public InMemoryAuthStateStore(InMemoryAuthStateStoreOptions? options = null)
    {
        _maxValueBytes = (options ?? new InMemoryAuthStateStoreOptions()).MaxValueBytes;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_maxValueBytes, nameof(options));
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        return ValueTask.FromResult(Read(sessionId, session => session.Credentials?.ToArray()));
    }

    /// <inheritdoc />
    public ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        ThrowIfTooLarge(credentials.Length, nameof(credentials));
        var copy = credentials.ToArray();
        Mutate(sessionId, session => session.Credentials = copy);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        NameRules.ValidateKeyType(type);
        ArgumentNullException.ThrowIfNull(ids);
        var result = Read(sessionId, session => session.Get(type, ids)) ?? [];
        return ValueTask.FromResult<IReadOnlyDictionary<string, byte[]>>(result);
    }

    /// <inheritdoc />
    public ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        ArgumentNullException.ThrowIfNull(changes);

        // Validate and copy everything before touching the session, so a bad change leaves nothing half-written.
        var copies = new List<AuthKeyChange>(changes.Count);
        foreach (var change in changes)
        {
            if (change.Value is { } value)
            {
                ThrowIfTooLarge(value.Length, nameof(changes));
            }

            copies.Add(change with { Value = change.Value?.ToArray() });
        }

        if (copies.Count > 0)
        {
            Mutate(sessionId, session => session.Apply(copies));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        Mutate(sessionId, session => session.Keys.Clear());
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        Mutate(sessionId, session =>
        {
            session.Keys.Clear();
            session.Credentials = null;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default)
        => _sessions.Where(pair => pair.Value.IsLive).Select(pair => pair.Key).ToAsyncEnumerable();

    /// <inheritdoc />
    public IAsyncEnumerable<(string Type, string Id)> ListKeysAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        return (Read(sessionId, session => session.ListKeys()) ?? []).ToAsyncEnumerable();
    }

    private T? Read<T>(string sessionId, Func<AuthSession, T> read)
    {
        while (_sessions.TryGetValue(sessionId, out var session))
        {
            lock (session.Gate)
            {
                if (!session.Retired)
                {
                    return read(session);
                }
            }
        }

        return default;
    }

    // A session emptied by a mutation is retired and unlinked under its lock; a writer that raced for the retired
    // instance sees the flag and starts over on a fresh one, so no write lands in an unlinked session.
    private void Mutate(string sessionId, Action<AuthSession> mutate)
    {
        while (true)
        {
            var session = _sessions.GetOrAdd(sessionId, static _ => new AuthSession());
            lock (session.Gate)
            {
                if (session.Retired)
                {
                    continue;
                }

                mutate(session);
                if (session.IsEmpty)
                {
                    session.Retired = true;
                    _sessions.TryRemove(new KeyValuePair<string, AuthSession>(sessionId, session));
                }

                return;
            }
        }
    }

    private void ThrowIfTooLarge(int length, string paramName)
    {
        if (length > _maxValueBytes)
        {
            throw new ArgumentException($"A value of {length} bytes exceeds the store's limit of {_maxValueBytes} bytes.", paramName);
        }
    }

    private static void Enter(string sessionId, CancellationToken cancellationToken)
    {
        NameRules.ValidateSessionId(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
