namespace Adapters.Redis.Caching;

/// <summary>How a Get reads an entry; every path returns the same data and leaves the same TTL.</summary>
internal enum ReadPath
{
    /// <summary>A native <c>HMGET key sldexp data</c>: nearly as cheap as a raw HGET. Right for entries without sliding expiration.</summary>
    Plain,

    /// <summary>One script that reads the entry and slides its TTL: one round trip.</summary>
    Sliding,

    /// <summary>The slide as a script plus a native <c>HGET</c> of the data, sent together: one round trip, and a large value is not copied through Lua twice.</summary>
    SlidingLarge,
}

/// <summary>
/// Guesses of the best <see cref="ReadPath"/> per key, learned from this cache's own Sets and Gets. Lua costs Redis
/// several times a native command, so an entry without sliding expiration is best read with a plain HMGET, and one
/// with a sliding expiration with a script (one round trip instead of Microsoft's two). A guess only picks the path:
/// a wrong one costs at most one more round trip (a plain read that finds a sliding expiration slides it with a
/// second, atomic script), never a wrong result.
/// <para>
/// A fixed table of <see cref="Slots"/> slots (64 KiB) indexed by the key's hash, so memory stays bounded whatever the
/// key space: a slot holds the full hash beside its flags, and a collision only costs a guess. Keys with no guess
/// (first reads, evicted slots) take the path most recent reads needed.
/// </para>
/// </summary>
internal sealed class ReadHints
{
    /// <summary>A value at least this long is read with <see cref="ReadPath.SlidingLarge"/> when it slides.</summary>
    public const int LargeValue = 8 * 1024;

    private const int Slots = 8192;
    private const long Known = 1;
    private const long SlidingFlag = 2;
    private const long LargeFlag = 4;
    private const int MaxVotes = 64;

    private readonly long[] _slots = new long[Slots];

    // > 0 when recent reads found sliding entries more often than not; races between threads only lose a vote.
    private int _votes;

    public ReadPath Guess(string key)
    {
        var hash = key.GetHashCode();
        var slot = Volatile.Read(ref _slots[hash & (Slots - 1)]);
        if ((slot & Known) == 0 || (int)(slot >> 32) != hash)
        {
            return Volatile.Read(ref _votes) >= 0 ? ReadPath.Sliding : ReadPath.Plain;
        }

        return (slot & SlidingFlag) == 0 ? ReadPath.Plain : (slot & LargeFlag) == 0 ? ReadPath.Sliding : ReadPath.SlidingLarge;
    }

    /// <summary>Records what a Set wrote or a Get found: whether the entry slides, and how long its value is.</summary>
    public void Learn(string key, bool sliding, int length)
    {
        var hash = key.GetHashCode();
        var flags = Known | (sliding ? SlidingFlag : 0) | (length >= LargeValue ? LargeFlag : 0);
        var value = ((long)hash << 32) | flags;
        ref var slot = ref _slots[hash & (Slots - 1)];

        // Written only when it changes: every reader thread writing the same cache lines on every read would make
        // them bounce between cores.
        if (Volatile.Read(ref slot) != value)
        {
            Volatile.Write(ref slot, value);
        }
    }

    /// <summary>Records what a read found, for keys that have no guess yet.</summary>
    public void Vote(bool sliding)
    {
        var votes = Volatile.Read(ref _votes);
        var next = Math.Clamp(votes + (sliding ? 1 : -1), -MaxVotes, MaxVotes);
        if (next != votes)
        {
            Volatile.Write(ref _votes, next);
        }
    }
}
