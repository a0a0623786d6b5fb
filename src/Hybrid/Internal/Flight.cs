namespace Adapters.Hybrid.Internal;

/// <summary>
/// One in-progress fetch of a key (stampede protection): every concurrent caller joins it and awaits the same result.
/// Its token is cancelled only when every caller has cancelled; a caller that cancels alone just stops waiting.
/// </summary>
internal sealed class Flight(Type type)
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _gate = new();

    // Created with the flight, so a caller that finds it in the table before Start ran has something to await.
    private readonly TaskCompletionSource<LocalEntry?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<LocalEntry?>? _fetch;
    private int _callers;
    private bool _closed;

    /// <summary>The type the key is being fetched as.</summary>
    public Type Type { get; } = type;

    /// <summary>The fetch; <see langword="null"/> result means "no value" (<c>DisableUnderlyingData</c> on a miss).</summary>
    public Task<LocalEntry?> Task => _result.Task;

    /// <summary>Cancelled once every caller has cancelled.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Starts the fetch; called once by the caller that created the flight.</summary>
    public void Start(Task<LocalEntry?> fetch)
    {
        _fetch = fetch;
        _ = CompleteAsync(fetch);
    }

    // Every outcome, the fetch's exception included, is handed to the result, so the returned task never faults.
    private async Task CompleteAsync(Task<LocalEntry?> fetch)
    {
        try
        {
            _result.TrySetResult(await fetch.ConfigureAwait(false));
        }
        catch (OperationCanceledException ex)
        {
            _result.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            _result.TrySetException(ex);
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Adds a caller; <see langword="false"/> when the flight is already being abandoned (start a new one).</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _callers++;
            return true;
        }
    }

    /// <summary>
    /// Waits for the result on behalf of one joined caller, leaving the flight if its token cancels. The caller that
    /// started the flight awaits the fetch itself and continues inline; joiners await the result, whose continuations
    /// run on the pool so a thousand of them do not run one after another on the fetching thread.
    /// </summary>
    public async Task<LocalEntry?> WaitAsync(CancellationToken cancellationToken, bool started = false)
    {
        var result = started ? _fetch! : Task;
        if (!cancellationToken.CanBeCanceled)
        {
            return await result.ConfigureAwait(false);
        }

        var registration = cancellationToken.UnsafeRegister(static state => ((Flight)state!).Leave(), this);
        try
        {
            return await result.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Task.WaitAsync registers its own callback after ours and callbacks run last-registered first: it can end this
            // wait and run this block before Leave ran. Unregistering then drops Leave, and the flight would never learn that
            // this caller left (its token was never cancelled when every caller cancelled), so leave here instead.
            if (registration.Unregister() && cancellationToken.IsCancellationRequested)
            {
                Leave();
            }
        }
    }

    private void Leave()
    {
        lock (_gate)
        {
            if (--_callers > 0 || _closed)
            {
                return;
            }

            _closed = true;
        }

        _cancel.Cancel();
    }

    private void Close()
    {
        // The token source is not disposed: a late Leave may still read it, and it holds no timer.
        lock (_gate)
        {
            _closed = true;
        }
    }
}
