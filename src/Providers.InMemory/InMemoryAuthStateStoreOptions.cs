namespace Adapters.InMemory;

/// <summary>Options of <see cref="InMemoryAuthStateStore"/>.</summary>
public sealed class InMemoryAuthStateStoreOptions
{
    /// <summary>The largest value accepted (credentials or a key), 512 MiB like Redis' <c>proto-max-bulk-len</c>.</summary>
    public int MaxValueBytes { get; set; } = 512 * 1024 * 1024;
}
