using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>
/// A command written to a connection and waiting for its reply, in the order replies come back. Completed once:
/// by its reply, a failure, a timeout or the caller's cancellation; a reply that arrives after the caller gave up
/// is read and dropped, so the connection never falls out of step.
/// </summary>
internal abstract class PendingReply
{
    private readonly Lock _cancellationGate = new();
    private int _completed;
    private CancellationToken _token;
    private CancellationTokenRegistration _registration;
    private bool _cancellationSettled;
    private System.Diagnostics.Activity? _activity;

    public RedisCommand Command { get; private set; } = null!;

    private string? _keyText;
    private ReadOnlyMemory<byte> _keyBytes;

    /// <summary>The key to name in errors; bytes are decoded only when an error is raised.</summary>
    public string? KeyText => _keyText ?? (_keyBytes.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(_keyBytes.Span));

    /// <summary>Remembers the command's key for error messages (a reference, not a copy).</summary>
    public void SetKey(in CommandArg key) => key.GetKeyReference(out _keyText, out _keyBytes);

    /// <summary>When the command was handed to a connection (<see cref="Environment.TickCount64"/>), for timeouts.</summary>
    public long EnqueuedAt { get; set; }

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Set on a cluster: gets MOVED / ASK / TRYAGAIN errors first and may re-send the command instead.</summary>
    public IRedirector? Redirector { get; set; }

    /// <summary>How often the command was redirected; bounded so a flapping cluster cannot bounce it forever.</summary>
    public int Redirects { get; set; }

    /// <summary>The encoded command kept for re-sending (cluster redirections); returned to the array pool on release.</summary>
    public ReadOnlyMemory<byte> Retained { get; private set; }

    private byte[]? _retainedArray;

    /// <summary>Keeps a copy of the encoded command so it can be sent again elsewhere.</summary>
    public void Retain(ReadOnlySpan<byte> encoded)
    {
        _retainedArray = System.Buffers.ArrayPool<byte>.Shared.Rent(encoded.Length);
        encoded.CopyTo(_retainedArray);
        Retained = _retainedArray.AsMemory(0, encoded.Length);
    }

    /// <summary>Frames to read and drop before the reply (the +OK and +QUEUED of a MULTI … EXEC block).</summary>
    public int LeadingFrames { get; private set; }

    /// <summary>Expects <paramref name="count"/> frames before the reply, forgetting errors of an earlier attempt.</summary>
    public void ExpectLeadingFrames(int count)
    {
        LeadingFrames = count;
        FirstQueuedError = null;
    }

    /// <summary>The first error among the leading frames (a command refused while queuing), for the EXECABORT message.</summary>
    public string? FirstQueuedError { get; private set; }

    /// <summary>Consumes a leading frame; false once the frame is the reply itself.</summary>
    public bool TryConsumeLeadingFrame(ref RespReader reader)
    {
        if (LeadingFrames == 0)
        {
            return false;
        }

        LeadingFrames--;
        if (reader.IsError && FirstQueuedError is null)
        {
            FirstQueuedError = reader.PayloadToString();
        }

        reader.SkipChildren();
        return true;
    }

    /// <summary>Another connection now holds the command (it was re-sent): one more release is expected.</summary>
    public abstract void AddConnectionOwner();

    /// <summary>Completes with the reply whose header <paramref name="reader"/> is on (errors included).</summary>
    public void SetReply(ref RespReader reader)
    {
        if (reader.IsError && Redirector is { } redirector && !IsCompleted && redirector.TryRedirect(this, reader.PayloadToString()))
        {
            return;
        }

        if (TryClaim())
        {
            RedisMetrics.Completed(EnqueuedAt, reader.IsError);
            if (reader.IsError)
            {
                var message = FirstQueuedError is null ? reader.PayloadToString() : $"{reader.PayloadToString()} First error while queuing: {FirstQueuedError}";
                CompleteWithException(RedisServerException.FromReply(Command.Name, KeyText, message));
            }
            else
            {
                CompleteWithReply(ref reader);
            }
        }
    }

    /// <summary>Fails the command unless it already completed.</summary>
    public bool TryFail(Exception exception)
    {
        if (!TryClaim())
        {
            return false;
        }

        // Counted before completing: the caller's continuation runs inline and may read the metric at once.
        if (exception is RedisTimeoutException && RedisMetrics.Timeouts.Enabled)
        {
            RedisMetrics.Timeouts.Add(1);
        }

        CompleteWithException(exception);
        return true;
    }

    /// <summary>Called by the connection once the reply slot is no longer tracked (reply read, or connection gone).</summary>
    public abstract void ReleaseFromConnection();

    /// <summary>
    /// Called by the connection's tick for commands still waiting: fails the command if its token is cancelled,
    /// otherwise registers on the token so later cancellation is immediate. Commands answered before the first tick
    /// (nearly all) never touch their token, which keeps shared tokens free of contention.
    /// </summary>
    public void WatchCancellation()
    {
        lock (_cancellationGate)
        {
            if (_cancellationSettled || IsCompleted || !_token.CanBeCanceled)
            {
                return;
            }

            _cancellationSettled = true;
            _registration = _token.UnsafeRegister(static state => ((PendingReply)state!).Cancel(), this);
        }
    }

    protected void Initialize(RedisCommand command, CancellationToken cancellationToken)
    {
        Command = command;
        lock (_cancellationGate)
        {
            _token = cancellationToken;
            _registration = default;
            _cancellationSettled = false;
        }

        _activity = RedisMetrics.StartActivity(command.Name);
        Redirector = null;
        Redirects = 0;
        ExpectLeadingFrames(0);
        _keyText = null;
        _keyBytes = default;
        Volatile.Write(ref _completed, 0);
    }

    /// <summary>Drops the cancellation registration once the command completed (it must not outlive this use of the object).</summary>
    protected void SettleCancellation(Exception? failure = null)
    {
        if (_activity is { } activity)
        {
            _activity = null;
            RedisMetrics.StopActivity(activity, failure);
        }

        CancellationTokenRegistration registration;
        lock (_cancellationGate)
        {
            _cancellationSettled = true;
            registration = _registration;
            _registration = default;
        }

        registration.Dispose();
    }

    /// <summary>Returns the retained command to the array pool; called when the last owner lets go.</summary>
    protected void ReturnRetained()
    {
        if (_retainedArray is { } array)
        {
            _retainedArray = null;
            Retained = default;
            System.Buffers.ArrayPool<byte>.Shared.Return(array);
        }
    }

    protected abstract void CompleteWithReply(ref RespReader reader);

    protected abstract void CompleteWithException(Exception exception);

    private bool TryClaim() => Interlocked.Exchange(ref _completed, 1) == 0;

    private void Cancel() => TryFail(new OperationCanceledException(_token));
}
