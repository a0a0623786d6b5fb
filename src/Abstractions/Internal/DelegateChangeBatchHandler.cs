namespace Adapters.Internal;

/// <summary>Adapts a delegate to <see cref="IChangeBatchHandler{TKey, TValue}"/>.</summary>
internal sealed class DelegateChangeBatchHandler<TKey, TValue>(Func<ChangeBatch<TKey, TValue>, CancellationToken, ValueTask> handle)
    : IChangeBatchHandler<TKey, TValue>
    where TKey : notnull
{
    public ValueTask HandleAsync(ChangeBatch<TKey, TValue> batch, CancellationToken cancellationToken) => handle(batch, cancellationToken);
}
