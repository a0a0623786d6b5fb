namespace Adapters.InMemory.Internal;

/// <summary>A <see cref="CachingAuthStateStore"/> over a store that lists keys: listing always asks the store.</summary>
internal sealed class EnumeratingCachingAuthStateStore(IAuthStateStore inner, CachingAuthStateStoreOptions options)
    : CachingAuthStateStore(inner, options), IAuthStateKeyEnumeration
{
    public IAsyncEnumerable<(string Type, string Id)> ListKeysAsync(string sessionId, CancellationToken cancellationToken = default)
        => ((IAuthStateKeyEnumeration)Inner).ListKeysAsync(sessionId, cancellationToken);
}
