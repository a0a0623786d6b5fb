namespace Adapters.Redis.Connection;

/// <summary>
/// A caller blocking synchronously on this connection's reader thread (a sync API called from a continuation that
/// the read loop completed inline). While it waits, nothing reads this socket, so no command may be placed here:
/// pools skip the connection, and what was already appended is flushed at once instead of after the batch.
/// </summary>
internal sealed partial class PhysicalConnection
{
    private int _syncWaits;

    /// <summary>Whether the reader thread is blocked in a synchronous wait: replies to commands sent here cannot be read until it ends.</summary>
    public bool IsReaderBlocked => Volatile.Read(ref _syncWaits) > 0;

    /// <summary>Marks the reader thread (the calling thread) as blocked and sends what the batch appended so far.</summary>
    public void EnterSyncWait()
    {
        Interlocked.Increment(ref _syncWaits);

        // Commands appended by continuations earlier in this batch wait for the flush after the batch, which cannot
        // come while this thread is blocked: send them now so their servers at least run them.
        FlushAfterReplies();
    }

    /// <summary>Ends a wait started with <see cref="EnterSyncWait"/>.</summary>
    public void ExitSyncWait() => Interlocked.Decrement(ref _syncWaits);
}
