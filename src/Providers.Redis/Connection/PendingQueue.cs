namespace Adapters.Redis.Connection;

/// <summary>
/// The commands of one connection awaiting replies, oldest first: a growable ring buffer with sequence numbers so
/// the timeout sweep resumes where it stopped instead of rescanning commands it already timed out.
/// </summary>
internal sealed class PendingQueue
{
    private readonly Lock _gate = new();
    private PendingReply?[] _items = new PendingReply?[64];
    private long _head;
    private long _tail;
    private long _sweepFrom;
    private long _watchFrom;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return (int)(_tail - _head);
            }
        }
    }

    public void Enqueue(PendingReply pending)
    {
        lock (_gate)
        {
            if (_tail - _head == _items.Length)
            {
                Grow();
            }

            _items[_tail & (_items.Length - 1)] = pending;
            _tail++;
        }
    }

    public bool TryPeek(out PendingReply pending)
    {
        lock (_gate)
        {
            pending = _head == _tail ? null! : _items[_head & (_items.Length - 1)]!;
            return _head != _tail;
        }
    }

    public bool TryDequeue(out PendingReply pending)
    {
        lock (_gate)
        {
            if (_head == _tail)
            {
                pending = null!;
                return false;
            }

            var index = _head & (_items.Length - 1);
            pending = _items[index]!;
            _items[index] = null;
            _head++;
            _sweepFrom = Math.Max(_sweepFrom, _head);
            return true;
        }
    }

    /// <summary>Fails every command enqueued before <paramref name="deadline"/> that has not completed; returns how many.</summary>
    public int FailExpired(long deadline, Func<PendingReply, Exception> timeout)
    {
        List<PendingReply>? expired = null;
        lock (_gate)
        {
            for (; _sweepFrom < _tail; _sweepFrom++)
            {
                var pending = _items[_sweepFrom & (_items.Length - 1)]!;
                if (pending.EnqueuedAt > deadline)
                {
                    break;
                }

                if (!pending.IsCompleted)
                {
                    (expired ??= []).Add(pending);
                }
            }
        }

        // Completing runs callers' continuations: never under the lock.
        var failed = 0;
        foreach (var pending in expired ?? [])
        {
            if (pending.TryFail(timeout(pending)))
            {
                failed++;
            }
        }

        return failed;
    }

    /// <summary>Lets every command enqueued since the last call watch its cancellation token.</summary>
    public void WatchCancellations()
    {
        List<PendingReply>? waiting = null;
        lock (_gate)
        {
            for (_watchFrom = Math.Max(_watchFrom, _head); _watchFrom < _tail; _watchFrom++)
            {
                (waiting ??= []).Add(_items[_watchFrom & (_items.Length - 1)]!);
            }
        }

        // Registering may run a callback at once (an already cancelled token): never under the lock.
        foreach (var pending in waiting ?? [])
        {
            pending.WatchCancellation();
        }
    }

    /// <summary>Removes every command (the connection is gone) and returns them oldest first.</summary>
    public List<PendingReply> DrainAll()
    {
        lock (_gate)
        {
            var drained = new List<PendingReply>((int)(_tail - _head));
            while (_head < _tail)
            {
                var index = _head & (_items.Length - 1);
                drained.Add(_items[index]!);
                _items[index] = null;
                _head++;
            }

            _sweepFrom = _watchFrom = _head;
            return drained;
        }
    }

    private void Grow()
    {
        var larger = new PendingReply?[_items.Length * 2];
        for (var seq = _head; seq < _tail; seq++)
        {
            larger[seq & (larger.Length - 1)] = _items[seq & (_items.Length - 1)];
        }

        _items = larger;
    }
}
