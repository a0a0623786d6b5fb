namespace Adapters.Compression.Internal;

/// <summary>A <see cref="CompressingAuthStateStore"/> over a store that lists keys (ids and types are never framed).</summary>
internal sealed class EnumeratingCompressingAuthStateStore(IAuthStateStore inner, ValueFramer framer)
    : CompressingAuthStateStore(inner, framer), IAuthStateKeyEnumeration
{
    public IAsyncEnumerable<(string Type, string Id)> ListKeysAsync(string sessionId, CancellationToken cancellationToken = default)
        => ((IAuthStateKeyEnumeration)Inner).ListKeysAsync(sessionId, cancellationToken);
}
