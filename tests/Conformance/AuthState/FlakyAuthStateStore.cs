namespace Adapters.Conformance.AuthState;

/// <summary>
/// A fault-injecting wrapper: fails the next <see cref="FailNextSets"/> change-sets with
/// <see cref="AuthStoreUnavailableException"/> before they reach the store, and counts reads.
/// </summary>
/// <param name="inner">The store under test.</param>
public sealed class FlakyAuthStateStore(IAuthStateStore inner) : IAuthStateStore
{
    private int _failNextSets;
    private int _getCalls;
    private int _setCalls;

    /// <summary>How many upcoming <see cref="SetKeysAsync"/> calls fail.</summary>
    public int FailNextSets
    {
        get => Volatile.Read(ref _failNextSets);
        set => Volatile.Write(ref _failNextSets, value);
    }

    /// <summary>How many <see cref="GetKeysAsync"/> calls reached the store.</summary>
    public int GetCalls => Volatile.Read(ref _getCalls);

    /// <summary>How many <see cref="SetKeysAsync"/> calls were made, failed ones included.</summary>
    public int SetCalls => Volatile.Read(ref _setCalls);

    /// <inheritdoc />
    public ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default)
        => inner.ReadCredentialsAsync(sessionId, cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default)
        => inner.WriteCredentialsAsync(sessionId, credentials, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _getCalls);
        return inner.GetKeysAsync(sessionId, type, ids, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _setCalls);
        if (Interlocked.Decrement(ref _failNextSets) >= 0)
        {
            throw new AuthStoreUnavailableException("Injected failure.") { SessionId = sessionId, Operation = "set" };
        }

        Interlocked.Exchange(ref _failNextSets, 0);
        return inner.SetKeysAsync(sessionId, changes, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default) => inner.ClearKeysAsync(sessionId, cancellationToken);

    /// <inheritdoc />
    public ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DeleteSessionAsync(sessionId, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default) => inner.ListSessionsAsync(cancellationToken);
}
