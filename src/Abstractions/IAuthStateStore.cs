namespace Adapters;

/// <summary>
/// Credentials and Signal-protocol keys of WhatsApp-style clients, many sessions per store (the Baileys
/// <c>SignalKeyStore</c> model). Values are opaque bytes the store never interprets.
/// </summary>
/// <remarks>
/// Stores fail closed: when the backing store cannot answer, operations throw
/// <see cref="AuthStoreUnavailableException"/> rather than return an empty result that would make a client
/// mint new credentials and lose its session.
/// </remarks>
public interface IAuthStateStore
{
    /// <summary>Reads the credentials of a session, or <see langword="null"/> when none were written.</summary>
    ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Writes (replaces) the credentials of a session.</summary>
    ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default);

    /// <summary>Gets the keys of one type for many ids; ids without a stored key are absent from the result.</summary>
    ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Applies a change-set across many types atomically: all of it is stored, or none of it.</summary>
    ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default);

    /// <summary>Removes every key of a session and keeps its credentials (Baileys' <c>keys.clear()</c>).</summary>
    ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Removes everything of a session: credentials and keys.</summary>
    ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the sessions that hold credentials or keys.</summary>
    IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default);
}
