namespace Adapters;

/// <summary>
/// The change feed of a map: debounced batches per consumer group, compare-and-set checkpoints and
/// per-group processing leases. See docs/semantics.md for the guarantees every provider gives.
/// </summary>
/// <typeparam name="TKey">The key type of the map.</typeparam>
/// <typeparam name="TValue">The value type of the map.</typeparam>
public interface IChangeFeed<TKey, TValue>
    where TKey : notnull
{
    /// <summary>The name of the map the feed belongs to, unique within its store.</summary>
    string Name { get; }

    /// <summary>
    /// Reads the next batch for <paramref name="group"/>: entries stamped after its checkpoint and quiet for
    /// <see cref="ChangeReadOptions.QuietPeriod"/>, oldest first. Creates the group at checkpoint 0 if needed.
    /// </summary>
    ValueTask<ChangeBatch<TKey, TValue>> ReadChangesAsync(string group, ChangeReadOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the checkpoint of <paramref name="group"/> from <paramref name="expectedCheckpoint"/> to
    /// <paramref name="newCheckpoint"/> by compare-and-set, then prunes tombstones every group has passed.
    /// </summary>
    /// <param name="group">The consumer group.</param>
    /// <param name="expectedCheckpoint">The checkpoint the batch was read from.</param>
    /// <param name="newCheckpoint">The batch's high-water mark.</param>
    /// <param name="lease">The lease held for the group, checked at commit (fencing); <see langword="null"/> when none is used.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the checkpoint moved meanwhile or another holder owns the lease.</returns>
    ValueTask<bool> CommitAsync(string group, long expectedCheckpoint, long newCheckpoint, ChangeFeedLease? lease = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the checkpoint of every consumer group.</summary>
    ValueTask<IReadOnlyDictionary<string, long>> GetCheckpointsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a consumer group, its checkpoint and lease; tombstones only it still needed are pruned.</summary>
    /// <returns><see langword="true"/> when the group existed.</returns>
    ValueTask<bool> DeleteGroupAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>Takes the processing lease of <paramref name="group"/> when no one holds it.</summary>
    /// <returns>The lease, or <see langword="null"/> when another holder has an unexpired one.</returns>
    ValueTask<ChangeFeedLease?> TryAcquireLeaseAsync(string group, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease this caller still holds.</summary>
    /// <returns><see langword="false"/> when the lease expired or was taken over.</returns>
    ValueTask<bool> RenewLeaseAsync(ChangeFeedLease lease, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives a lease up so another instance can take the group at once.</summary>
    ValueTask ReleaseLeaseAsync(ChangeFeedLease lease, CancellationToken cancellationToken = default);
}
