namespace Adapters.InMemory.Internal;

/// <summary>Reads a <see cref="TimeProvider"/> as microseconds since the Unix epoch: exact in a double, as on Redis.</summary>
internal static class MicrosecondClock
{
    public static long Now(TimeProvider time) => (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    public static long ToMicroseconds(TimeSpan span) => span.Ticks / 10;
}
