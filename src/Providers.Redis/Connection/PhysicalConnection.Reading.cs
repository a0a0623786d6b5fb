using System.Buffers;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>
/// The read side: a dedicated thread blocks on the socket, so arriving data wakes it directly (no hop from the
/// socket engine to the thread pool). Frames are matched to pending commands in order and callers continue inline on
/// this thread; out-of-band frames go to the push handler.
/// </summary>
internal sealed partial class PhysicalConnection
{
    private const int InitialReceiveBuffer = 64 * 1024;

    private void StartReading()
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _readLoop = finished.Task;
        var thread = new Thread(() =>
        {
            try
            {
                ReadLoop();
            }
            finally
            {
                finished.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"adapters-redis {EndPointText}",
        };
        thread.Start();
    }

    private void ReadLoop()
    {
        var buffer = new byte[InitialReceiveBuffer];
        var start = 0;
        var end = 0;
        var partial = default(PartialFrame);
        Exception failure;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    (buffer, start, end) = MakeRoom(buffer, start, end);
                }

                var read = _stream!.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    failure = new IOException($"Redis at {EndPointText} closed the connection.");
                    break;
                }

                end += read;
                start += DispatchFrames(new ReadOnlySequence<byte>(buffer, start, end - start), ref partial);
                if (start == end)
                {
                    start = end = 0;
                    if (buffer.Length > ShrinkAbove)
                    {
                        buffer = new byte[InitialReceiveBuffer];
                    }
                }

                Volatile.Write(ref _lastActivity, Now);
                FlushAfterReplies();
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Fail(failure);
    }

    // Moves an unfinished frame to the front, or doubles the buffer when the frame alone fills it.
    private static (byte[] Buffer, int Start, int End) MakeRoom(byte[] buffer, int start, int end)
    {
        var pending = end - start;
        var target = start > 0 && pending < buffer.Length / 2 ? buffer : new byte[buffer.Length * 2];
        Buffer.BlockCopy(buffer, start, target, 0, pending);
        return (target, 0, pending);
    }

    // A reply of megabytes arrives over many reads; scanning it from its first byte after each would be quadratic, so
    // the scan of an unfinished frame (always the first one in the buffer next time) resumes where it stopped.
    private int DispatchFrames(ReadOnlySequence<byte> buffer, ref PartialFrame partial)
    {
        var outer = t_completingRepliesOf;
        t_completingRepliesOf = this;
        try
        {
            var reader = new RespReader(buffer);
            while (true)
            {
                var start = reader.Position;
                var scan = reader;
                var pending = 1L;
                if (partial.Scanned > 0 && reader.Consumed == 0)
                {
                    scan.Advance(partial.Scanned);
                    pending = partial.Pending;
                }

                if (!scan.TrySkipValues(ref pending))
                {
                    partial = new PartialFrame(scan.Consumed - reader.Consumed, pending);
                    return (int)reader.Consumed;
                }

                partial = default;
                reader = scan;
                Dispatch(buffer.Slice(start, scan.Position));
            }
        }
        finally
        {
            t_completingRepliesOf = outer;
        }
    }

    private void Dispatch(ReadOnlySequence<byte> frame)
    {
        var reader = new RespReader(frame);
        reader.MoveNext();
        if (_pushHandler is not null)
        {
            var probe = new RespReader(frame);
            probe.MoveNext();
            if (_pushHandler.TryHandle(ref probe, this))
            {
                return;
            }
        }

        if (reader.Type == RespType.Push)
        {
            ConnectionLog.UnhandledPush(_logger, EndPointText);
            return;
        }

        if (!_pending.TryPeek(out var pending))
        {
            throw new RespProtocolException("A reply arrived with no command waiting for it.");
        }

        if (pending.TryConsumeLeadingFrame(ref reader))
        {
            return;
        }

        _pending.TryDequeue(out _);
        pending.SetReply(ref reader);
        pending.ReleaseFromConnection();
    }

    /// <summary>How far the unfinished frame at the front of the buffer was scanned, and how many values it still owes.</summary>
    private readonly record struct PartialFrame(long Scanned, long Pending);
}
