namespace Adapters.InMemory.Internal;

/// <summary>
/// One read of the inner store that concurrent readers of the same entries share. It remembers the epochs it started
/// under, so its answer fills the cache only if nothing was invalidated or written meanwhile.
/// </summary>
internal sealed class PendingFetch<T>(long sessionEpoch, long flushEpoch)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long SessionEpoch { get; } = sessionEpoch;

    public long FlushEpoch { get; } = flushEpoch;

    /// <summary>Completes with the store's answer, or faults with its exception (every waiter sees it: fail closed).</summary>
    public Task<T> Task => _completion.Task;

    public void Complete(T value) => _completion.TrySetResult(value);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
