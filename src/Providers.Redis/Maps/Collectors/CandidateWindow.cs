namespace Adapters.Redis.Maps.Collectors;

/// <summary>
/// Keeps the <c>limit</c> entries with the smallest stamps seen by a scan (one more than a batch, to tell whether the
/// batch is truncated): client memory is bounded by the batch, not the map. A field seen twice (HSCAN may repeat
/// fields while the hash rehashes) counts once.
/// </summary>
internal sealed class CandidateWindow(int limit)
{
    // Max-heap on stamp: the root is the largest kept stamp, evicted first.
    private readonly PriorityQueue<Candidate, long> _kept = new(Comparer<long>.Create(static (a, b) => b.CompareTo(a)));
    private readonly HashSet<byte[]> _fields = new(FieldComparer.Instance);

    /// <summary>How many distinct candidates were offered (capped at the limit for kept ones, exact otherwise).</summary>
    public long Count { get; private set; }

    public void Offer(byte[] field, long stamp)
    {
        if (_fields.Contains(field))
        {
            return;
        }

        Count++;
        if (_kept.Count < limit)
        {
            _kept.Enqueue(new Candidate(field, stamp), stamp);
            _fields.Add(field);
        }
        else if (_kept.TryPeek(out _, out var largest) && stamp < largest)
        {
            var evicted = _kept.EnqueueDequeue(new Candidate(field, stamp), stamp);
            _fields.Remove(evicted.Field);
            _fields.Add(field);
        }
    }

    /// <summary>The <paramref name="count"/> smallest candidates, oldest first.</summary>
    public IReadOnlyList<Candidate> Smallest(int count)
        => [.. _kept.UnorderedItems.Select(item => item.Element).OrderBy(candidate => candidate.Stamp).Take(count)];

    internal readonly record struct Candidate(byte[] Field, long Stamp);
}
