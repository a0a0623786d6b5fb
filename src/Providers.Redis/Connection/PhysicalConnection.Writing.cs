using System.Buffers;

namespace Adapters.Redis.Connection;

/// <summary>The write side: append under a short lock, one flusher at a time, writes batched naturally.</summary>
internal sealed partial class PhysicalConnection
{
    private const int ShrinkAbove = 1024 * 1024;

    // While a read loop completes callers inline, their new commands are only appended: the loop flushes once after
    // the batch, so replies that arrived together produce one write.
    [ThreadStatic]
    private static PhysicalConnection? t_completingRepliesOf;

    private readonly Lock _writeLock = new();

    /// <summary>The connection whose replies this thread is completing, if any: its writes are batched after the read.</summary>
    public static PhysicalConnection? CompletingRepliesOnThisThread => t_completingRepliesOf;
    private ArrayBufferWriter<byte> _active = new(4096);
    private ArrayBufferWriter<byte> _spare = new(4096);
    private bool _flushing;
    private long _lastActivity = Now;

    /// <summary>
    /// Appends an encoded command and registers <paramref name="pending"/> for its reply, in one step so replies
    /// match. Returns false, taking nothing, when the connection is not usable.
    /// </summary>
    public bool TryEnqueue(ReadOnlySpan<byte> command, PendingReply pending) => TryEnqueue(command, pending, internalCommand: false);

    /// <summary>
    /// Appends a command whose answer is not a reply but out-of-band frames (SUBSCRIBE and friends), so it takes no
    /// place in the reply queue.
    /// </summary>
    public bool TrySendWithoutReply(ReadOnlySpan<byte> command) => TryEnqueue(command, pending: null, internalCommand: false);

    /// <summary>Appends <c>ASKING</c> and a redirected command back to back, as a cluster ASK redirection requires.</summary>
    public bool TrySendAsking(ReadOnlySpan<byte> command, PendingReply asking, PendingReply pending)
    {
        bool startFlush;
        lock (_writeLock)
        {
            if (_state != ConnectionState.Ready)
            {
                return false;
            }

            _active.Write("*1\r\n$6\r\nASKING\r\n"u8);
            asking.EnqueuedAt = pending.EnqueuedAt = Now;
            _pending.Enqueue(asking);
            _active.Write(command);
            _pending.Enqueue(pending);
            startFlush = !_flushing && (t_completingRepliesOf != this || IsReaderBlocked);
            _flushing |= startFlush;
        }

        if (startFlush)
        {
            FlushLoop();
        }

        return true;
    }

    private bool TryEnqueue(ReadOnlySpan<byte> command, PendingReply? pending, bool internalCommand)
    {
        bool startFlush;
        lock (_writeLock)
        {
            if (_state != ConnectionState.Ready && !(internalCommand && _state == ConnectionState.Connecting))
            {
                return false;
            }

            // While replies are outstanding, the command waits for the write that follows the next batch of replies
            // (the read loop always flushes after one): concurrent callers then share one write per round trip, with
            // no timer. A command on an idle connection leaves at once. A reader blocked in a synchronous wait will
            // not flush after its batch, so then the command leaves at once too.
            var repliesOutstanding = _pending.Count > 0;
            _active.Write(command);
            if (pending is not null)
            {
                pending.EnqueuedAt = Now;
                _pending.Enqueue(pending);
            }

            startFlush = !_flushing && (IsReaderBlocked || (!repliesOutstanding && t_completingRepliesOf != this));
            _flushing |= startFlush;
        }

        if (startFlush)
        {
            FlushLoop();
        }

        return true;
    }

    /// <summary>Sends what callers completed by the read loop appended meanwhile.</summary>
    private void FlushAfterReplies()
    {
        lock (_writeLock)
        {
            if (_flushing || _active.WrittenCount == 0)
            {
                return;
            }

            _flushing = true;
        }

        FlushLoop();
    }

    // Runs on the caller that found no flush in progress, and sends until the buffer stays empty. Writes block only
    // while the kernel's send buffer is full; Redis keeps reading its input whatever it owes us, so that clears.
    private void FlushLoop()
    {
        try
        {
            while (true)
            {
                ArrayBufferWriter<byte> batch;
                lock (_writeLock)
                {
                    if (_active.WrittenCount == 0 || _state is ConnectionState.Broken or ConnectionState.Disposed)
                    {
                        _flushing = false;
                        return;
                    }

                    batch = _active;
                    _active = _spare;
                }

                _stream!.Write(batch.WrittenSpan);
                Volatile.Write(ref _lastActivity, Now);
                var reuse = batch.Capacity > ShrinkAbove ? new ArrayBufferWriter<byte>(4096) : batch;
                reuse.ResetWrittenCount();
                lock (_writeLock)
                {
                    _spare = reuse;
                }
            }
        }
        catch (Exception ex)
        {
            lock (_writeLock)
            {
                _flushing = false;
            }

            Fail(ex);
        }
    }
}
