namespace Adapters.InMemory.Tests.Caching;

/// <summary>
/// A store double for the caching tests: counts the reads that reach the store, can hold their answers back after
/// reading (a slow reply: the value read is the store's at that moment, the caller sees it later), can fail reads, and
/// can fail writes before or after applying them.
/// </summary>
internal sealed class ProbeAuthStateStore(IAuthStateStore inner) : IAuthStateStore
{
    private int _credentialReads;
    private int _keyReads;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string[]> _keyReadIds = new();
    private TaskCompletionSource? _answerGate;

    public ProbeAuthStateStore()
        : this(new InMemoryAuthStateStore())
    {
    }

    public IAuthStateStore Inner => inner;

    public int CredentialReads => Volatile.Read(ref _credentialReads);

    public int KeyReads => Volatile.Read(ref _keyReads);

    /// <summary>The ids each key read asked the store for, in order.</summary>
    public IReadOnlyList<string[]> KeyReadIds => [.. _keyReadIds];

    /// <summary>Every read fails with this (answered through the gate like a value), while set.</summary>
    public Exception? FailReads { get; set; }

    /// <summary>The next write throws this before reaching the store.</summary>
    public Exception? FailNextWriteBefore { get; set; }

    /// <summary>The next write is applied, then throws this (an unknown outcome, like a timeout after the server applied it).</summary>
    public Exception? FailNextWriteAfter { get; set; }

    /// <summary>From now on reads take their answer from the store at once but hand it back only after <see cref="ReleaseAnswers"/>.</summary>
    public void HoldAnswers() => Volatile.Write(ref _answerGate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ReleaseAnswers() => Interlocked.Exchange(ref _answerGate, null)?.TrySetResult();

    public async ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _credentialReads);
        var gate = Volatile.Read(ref _answerGate);
        var failure = FailReads;
        var answer = failure is null ? await inner.ReadCredentialsAsync(sessionId, cancellationToken) : null;
        await WaitAsync(gate, cancellationToken);
        return failure is null ? answer : throw failure;
    }

    public ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default)
        => WriteAsync(() => inner.WriteCredentialsAsync(sessionId, credentials, cancellationToken));

    public async ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _keyReads);
        _keyReadIds.Enqueue([.. ids]);
        var gate = Volatile.Read(ref _answerGate);
        var failure = FailReads;
        var answer = failure is null ? await inner.GetKeysAsync(sessionId, type, ids, cancellationToken) : null;
        await WaitAsync(gate, cancellationToken);
        return answer ?? throw failure!;
    }

    public ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default)
        => WriteAsync(() => inner.SetKeysAsync(sessionId, changes, cancellationToken));

    public ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default)
        => WriteAsync(() => inner.ClearKeysAsync(sessionId, cancellationToken));

    public ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default)
        => WriteAsync(() => inner.DeleteSessionAsync(sessionId, cancellationToken));

    public IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default) => inner.ListSessionsAsync(cancellationToken);

    private static async ValueTask WaitAsync(TaskCompletionSource? gate, CancellationToken cancellationToken)
    {
        if (gate is not null)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
    }

    private async ValueTask WriteAsync(Func<ValueTask> write)
    {
        if (FailNextWriteBefore is { } before)
        {
            FailNextWriteBefore = null;
            throw before;
        }

        await write();
        if (FailNextWriteAfter is { } after)
        {
            FailNextWriteAfter = null;
            throw after;
        }
    }
}
