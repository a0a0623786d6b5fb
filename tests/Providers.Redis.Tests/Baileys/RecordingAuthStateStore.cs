using Adapters.InMemory;

namespace Adapters.Redis.Tests.Baileys;

/// <summary>
/// An <see cref="IAuthStateStore"/> over an in-memory one that records the writes it forwards and cannot list keys
/// (like a third-party store written before <see cref="IAuthStateKeyEnumeration"/>).
/// </summary>
internal class RecordingAuthStateStore(InMemoryAuthStateStore inner) : IAuthStateStore
{
    public InMemoryAuthStateStore Inner { get; } = inner;

    /// <summary>"SetKeys(N)" and "WriteCredentials" in call order.</summary>
    public List<string> Writes { get; } = [];

    public ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default)
        => Inner.ReadCredentialsAsync(sessionId, cancellationToken);

    public ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default)
    {
        Writes.Add("WriteCredentials");
        return Inner.WriteCredentialsAsync(sessionId, credentials, cancellationToken);
    }

    public ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
        => Inner.GetKeysAsync(sessionId, type, ids, cancellationToken);

    public ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default)
    {
        Writes.Add($"SetKeys({changes.Count})");
        return Inner.SetKeysAsync(sessionId, changes, cancellationToken);
    }

    public ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Writes.Add("ClearKeys");
        return Inner.ClearKeysAsync(sessionId, cancellationToken);
    }

    public ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Writes.Add("DeleteSession");
        return Inner.DeleteSessionAsync(sessionId, cancellationToken);
    }

    public IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default)
        => Inner.ListSessionsAsync(cancellationToken);
}

/// <summary>The recording store, able to list keys.</summary>
internal sealed class RecordingEnumerableAuthStateStore(InMemoryAuthStateStore inner) : RecordingAuthStateStore(inner), IAuthStateKeyEnumeration
{
    public IAsyncEnumerable<(string Type, string Id)> ListKeysAsync(string sessionId, CancellationToken cancellationToken = default)
        => Inner.ListKeysAsync(sessionId, cancellationToken);
}
