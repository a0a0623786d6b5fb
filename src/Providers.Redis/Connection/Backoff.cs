namespace Adapters.Redis.Connection;

/// <summary>Exponential backoff with ±20% jitter (never beyond the maximum), so clients that lost a server together do not retry in lockstep.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max)
    {
        var exponential = min.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var jittered = Math.Min(exponential, max.TotalMilliseconds) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds));
    }
}
