namespace Adapters;

/// <summary>
/// Optional capability of an <see cref="IAuthStateStore"/>: lists the keys a session holds, for tools that copy a whole
/// session (export, migration, inspection). Test for it with <c>store as IAuthStateKeyEnumeration</c>.
/// </summary>
/// <remarks>
/// It is a separate interface so that existing stores keep compiling; decorators should implement it when the store
/// they wrap does. The listing is not a snapshot across concurrent writers: a key written while it runs may or may not
/// appear, and a listed key may be gone by the time it is read.
/// </remarks>
public interface IAuthStateKeyEnumeration
{
    /// <summary>Lists the type and id of every key of a session, in no particular order; empty for an unknown session.</summary>
    IAsyncEnumerable<(string Type, string Id)> ListKeysAsync(string sessionId, CancellationToken cancellationToken = default);
}
