namespace Adapters.Redis.Connection;

/// <summary>
/// Runs an asynchronous client operation to completion for a synchronous API (IDistributedCache.Get and friends).
/// <para>
/// Replies complete their callers inline on the connection's reader thread, so a synchronous call made from such a
/// continuation would block the only thread that can read that connection's replies. Here the reader is marked as
/// blocked first: pools then send the operation's commands (and everyone else's) on a connection whose reader is free,
/// opening a spill connection when none is (a pool of one), and the blocked connection's buffered commands are flushed
/// instead of waiting for the end of its batch. Off reader threads this is a plain blocking wait: replies arrive on
/// the dedicated reader threads, never on the thread pool, so blocking a pool thread cannot starve them.
/// </para>
/// </summary>
internal static class SynchronousCall
{
    public static T Run<TState, T>(TState state, Func<TState, ValueTask<T>> operation)
    {
        var reader = PhysicalConnection.CompletingRepliesOnThisThread;
        if (reader is null)
        {
            return Wait(operation(state));
        }

        reader.EnterSyncWait();
        try
        {
            return Wait(operation(state));
        }
        finally
        {
            reader.ExitSyncWait();
        }
    }

    public static void Run<TState>(TState state, Func<TState, ValueTask> operation)
        => Run(state, async s =>
        {
            await operation(s).ConfigureAwait(false);
            return true;
        });

    private static T Wait<T>(ValueTask<T> pending)
        => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}
