namespace Adapters;

/// <summary>Handles the change batches of one consumer group. Throwing makes the processor retry the same batch.</summary>
/// <typeparam name="TKey">The key type of the map.</typeparam>
/// <typeparam name="TValue">The value type of the map.</typeparam>
public interface IChangeBatchHandler<TKey, TValue>
    where TKey : notnull
{
    /// <summary>Handles one batch; may read and write the map it came from.</summary>
    ValueTask HandleAsync(ChangeBatch<TKey, TValue> batch, CancellationToken cancellationToken);
}
