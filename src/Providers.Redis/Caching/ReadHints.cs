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

    /// <summary>
    /// For an entry known to slide by a known window and to have no absolute expiration (its TTL is then the window,
    /// whatever the clock says): <c>MULTI HMGET PEXPIRE EXEC</c>, native commands at a fraction of a script's cost.
    /// The reply shows the metadata the TTL was set beside; a guess that was wrong is repaired with a script.
    /// </summary>
    SlidingKnown,
}

/// <summary>
/// Guesses of the best <see cref="ReadPath"/> per key, learned from this cache's own Sets and Gets. Lua costs Redis
/// several times a native command, so an entry without sliding expiration is best read with a plain HMGET, one that
/// slides by a known window without absolute expiration with HMGET and PEXPIRE in a MULTI block, and any other sliding
/// one with a script (each one round trip instead of Microsoft's two). A guess only picks the path: a wrong one costs
/// at most one more round trip (an atomic script then slides or repairs the TTL), never a wrong result.
/// <para>
/// Fixed tables of <see cref="Slots"/> slots (128 KiB) indexed by the key's hash, so memory stays bounded whatever the
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
    private const long AbsoluteFlag = 8;
    private const int MaxVotes = 64;

    private readonly long[] _slots = new long[Slots];

    // The sliding window (ticks) of the entry last learned in each slot. Read apart from its slot, so a race can pair
    // a slot with another key's window: that costs a repair (the reply shows the entry's real metadata), never a wrong TTL.
    private readonly long[] _windows = new long[Slots];

    // > 0 when recent reads found sliding entries more often than not; races between threads only lose a vote.
    private int _votes;

    /// <summary>The path for <paramref name="key"/>; <paramref name="slidingTicks"/> is the window when the path is <see cref="ReadPath.SlidingKnown"/>.</summary>
    public ReadPath Guess(string key, out long slidingTicks)
    {
        slidingTicks = 0;
        var hash = key.GetHashCode();
        var index = hash & (Slots - 1);
        var slot = Volatile.Read(ref _slots[index]);
        if ((slot & Known) == 0 || (int)(slot >> 32) != hash)
        {
            return Volatile.Read(ref _votes) >= 0 ? ReadPath.Sliding : ReadPath.Plain;
        }

        if ((slot & SlidingFlag) == 0)
        {
            return ReadPath.Plain;
        }

        if ((slot & LargeFlag) != 0)
        {
            return ReadPath.SlidingLarge;
        }

        slidingTicks = (slot & AbsoluteFlag) == 0 ? Volatile.Read(ref _windows[index]) : 0;
        return slidingTicks > 0 ? ReadPath.SlidingKnown : ReadPath.Sliding;
    }

    /// <summary>
    /// Records what a Set wrote or a Get found: whether the entry slides and by which window in ticks (≤ 0: unknown),
    /// whether it has an absolute expiration (pass true when unknown), and how long its value is.
    /// </summary>
    public void Learn(string key, bool sliding, long windowTicks, bool absolute, int length)
    {
        var hash = key.GetHashCode();
        var flags = Known | (sliding ? SlidingFlag : 0) | (absolute ? AbsoluteFlag : 0) | (length >= LargeValue ? LargeFlag : 0);
        var value = ((long)hash << 32) | flags;
        var index = hash & (Slots - 1);
        var window = sliding ? Math.Max(0, windowTicks) : 0;

        // Written only when they change: every reader thread writing the same cache lines on every read would make
        // them bounce between cores.
        if (Volatile.Read(ref _windows[index]) != window)
        {
            Volatile.Write(ref _windows[index], window);
        }

        if (Volatile.Read(ref _slots[index]) != value)
        {
            Volatile.Write(ref _slots[index], value);
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
