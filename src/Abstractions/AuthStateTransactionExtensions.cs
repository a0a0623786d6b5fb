using Microsoft.Extensions.Logging;

namespace Adapters;

/// <summary>Baileys' <c>addTransactionCapability</c> for <see cref="IAuthStateStore"/>.</summary>
public static partial class AuthStateTransactionExtensions
{
    private static readonly AsyncLocal<AuthKeyTransaction?> Current = new();

    /// <summary>
    /// Runs <paramref name="work"/> in a key transaction on <paramref name="sessionId"/> and commits its writes as
    /// one atomic change-set, retrying the commit on transient failures. Nested calls for the same store and session
    /// join the outer transaction, which commits once at its end. Nothing is written when <paramref name="work"/> throws.
    /// </summary>
    public static async ValueTask<T> TransactionAsync<T>(
        this IAuthStateStore store,
        string sessionId,
        Func<AuthKeyTransaction, ValueTask<T>> work,
        AuthTransactionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        NameRules.ValidateSessionId(sessionId);
        ArgumentNullException.ThrowIfNull(work);

        if (Current.Value is { } outer && ReferenceEquals(outer.Store, store) && outer.SessionId == sessionId)
        {
            return await work(outer).ConfigureAwait(false);
        }

        var transaction = new AuthKeyTransaction(store, sessionId);
        var previous = Current.Value;
        Current.Value = transaction;
        T result;
        try
        {
            result = await work(transaction).ConfigureAwait(false);
        }
        finally
        {
            Current.Value = previous;
        }

        await CommitAsync(transaction, options ?? AuthTransactionOptions.Default, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs <paramref name="work"/> in a key transaction; see <see cref="TransactionAsync{T}"/>.</summary>
    public static async ValueTask TransactionAsync(
        this IAuthStateStore store,
        string sessionId,
        Func<AuthKeyTransaction, ValueTask> work,
        AuthTransactionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await store.TransactionAsync(
            sessionId,
            async transaction =>
            {
                await work(transaction).ConfigureAwait(false);
                return true;
            },
            options,
            cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask CommitAsync(AuthKeyTransaction transaction, AuthTransactionOptions options, CancellationToken cancellationToken)
    {
        var changes = transaction.TakePending();
        if (changes.IsEmpty)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await transaction.Store.SetKeysAsync(transaction.SessionId, changes, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt < options.MaxCommitAttempts && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (options.Logger is { } logger)
                {
                    LogCommitRetry(logger, ex, transaction.SessionId, attempt, options.MaxCommitAttempts);
                }

                await Task.Delay(options.RetryDelay * attempt, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // A change-set the store refused as invalid would fail the same way on every attempt.
    private static bool IsTransient(Exception ex)
        => ex is StoreUnavailableException or StoreConflictException or TimeoutException or IOException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit of the key transaction on session {SessionId} failed (attempt {Attempt} of {MaxAttempts}); retrying")]
    private static partial void LogCommitRetry(ILogger logger, Exception exception, string sessionId, int attempt, int maxAttempts);
}
