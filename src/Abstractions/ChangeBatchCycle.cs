namespace Adapters;

/// <summary>What one processing cycle of a <see cref="ChangeBatchProcessor{TKey, TValue}"/> did.</summary>
public enum ChangeBatchOutcome
{
    /// <summary>A batch was handled and committed.</summary>
    Handled,

    /// <summary>The window was empty; the checkpoint moved to its cutoff.</summary>
    Idle,

    /// <summary>Another instance holds the group's lease, or this one lost it while handling a batch.</summary>
    NotLeaseHolder,

    /// <summary>A handler threw; the same batch is retried after a backoff.</summary>
    HandlerFailed,

    /// <summary>The commit was refused (the lease was lost or the checkpoint moved); the window will be read again.</summary>
    CommitRefused,
}

/// <summary>The result of one processing cycle.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="EntryCount">How many entries the batch held.</param>
/// <param name="HasMore">Whether more entries were already waiting behind the batch.</param>
public readonly record struct ChangeBatchCycle(ChangeBatchOutcome Outcome, int EntryCount = 0, bool HasMore = false);
