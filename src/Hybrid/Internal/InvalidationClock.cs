namespace Adapters.Hybrid.Internal;

/// <summary>
/// Counts invalidations so a fetch can tell whether its key was invalidated while it ran: a fetch that read L2 or ran
/// the factory before a newer write was announced must not put its older value into L1. Keys are counted in stripes
/// (a collision costs an L1 write, never correctness); "everything" moves every stripe.
/// </summary>
internal sealed class InvalidationClock
{
    private const int Stripes = 64;
    private readonly long[] _stripes = new long[Stripes];
    private long _everything;

    /// <summary>A value that changes whenever <paramref name="key"/> (or everything) is invalidated.</summary>
    public long Snapshot(string key) => Volatile.Read(ref _everything) + Volatile.Read(ref _stripes[Stripe(key)]);

    /// <summary>Records an invalidation of <paramref name="key"/>.</summary>
    public void Tick(string key) => Interlocked.Increment(ref _stripes[Stripe(key)]);

    /// <summary>Records an invalidation of everything.</summary>
    public void TickAll() => Interlocked.Increment(ref _everything);

    private static int Stripe(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % Stripes);
}
