
namespace Adapters.Redis.Connection;

/// <summary>
/// Commands accepted while no connection is ready (backlog policy <see cref="RedisBacklogPolicy.Queue"/>), bounded,
/// kept in order and sent as soon as a connection is back; they time out like commands in flight.
/// </summary>
internal sealed class Backlog(int limit)
{
    private readonly Lock _gate = new();
    private readonly Queue<(byte[] Encoded, PendingReply Pending)> _items = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public bool TryAdd(ReadOnlySpan<byte> encoded, PendingReply pending)
    {
        lock (_gate)
        {
            if (_items.Count >= limit)
            {
                return false;
            }

            pending.EnqueuedAt = Environment.TickCount64;
            _items.Enqueue((encoded.ToArray(), pending));
            return true;
        }
    }

    /// <summary>Sends the backlog, oldest first, through <paramref name="send"/>; stops at the first refusal.</summary>
    public void Drain(Func<byte[], PendingReply, bool> send)
    {
        while (true)
        {
            (byte[] Encoded, PendingReply Pending) next;
            lock (_gate)
            {
                if (!_items.TryPeek(out next))
                {
                    return;
                }

                if (!next.Pending.IsCompleted && !send(next.Encoded, next.Pending))
                {
                    return;
                }

                _items.Dequeue();
            }

            if (next.Pending.IsCompleted)
            {
                next.Pending.ReleaseFromConnection();
            }
        }
    }

    /// <summary>Lets backlogged commands watch their cancellation tokens.</summary>
    public void WatchCancellations()
    {
        PendingReply[] waiting;
        lock (_gate)
        {
            waiting = [.. _items.Select(item => item.Pending)];
        }

        foreach (var pending in waiting)
        {
            pending.WatchCancellation();
        }
    }

    /// <summary>Fails and drops the commands at the head of the backlog that <paramref name="expired"/> selects.</summary>
    public void FailWhere(Func<PendingReply, bool> expired, Func<PendingReply, Exception> error)
    {
        List<PendingReply> dropped = [];
        lock (_gate)
        {
            while (_items.TryPeek(out var head) && (head.Pending.IsCompleted || expired(head.Pending)))
            {
                dropped.Add(_items.Dequeue().Pending);
            }
        }

        foreach (var pending in dropped)
        {
            pending.TryFail(error(pending));
            pending.ReleaseFromConnection();
        }
    }
}
