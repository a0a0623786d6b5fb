using System.Diagnostics;

namespace Adapters.Cli.Bench;

/// <summary>Timing helpers shared by every benchmark: throughput with N callers, medians, one-shot timings.</summary>
internal static class Measure
{
    /// <summary>
    /// Runs <paramref name="operation"/> from <paramref name="callers"/> concurrent loops for <paramref name="duration"/>
    /// (after a short warm-up) and returns completed operations per second. Each caller gets its index.
    /// </summary>
    public static async Task<double> OpsPerSecondAsync(int callers, TimeSpan duration, Func<int, long, ValueTask> operation, CancellationToken cancellationToken)
    {
        // Long enough for tiered compilation to replace first-tier code on the hot paths.
        await RunForAsync(callers, TimeSpan.FromSeconds(Math.Max(1, duration.TotalSeconds / 3)), operation, cancellationToken).ConfigureAwait(false);
        var (ops, elapsed) = await RunForAsync(callers, duration, operation, cancellationToken).ConfigureAwait(false);
        return ops / elapsed.TotalSeconds;
    }

    /// <summary>The median of <paramref name="runs"/> results of <paramref name="run"/>.</summary>
    public static async Task<double> MedianAsync(int runs, Func<int, Task<double>> run)
    {
        var results = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            results.Add(await run(i).ConfigureAwait(false));
        }

        return Median(results);
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Times one asynchronous action in milliseconds.</summary>
    public static async Task<double> MillisecondsAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    // Every loop checks the deadline itself: operations that complete synchronously would otherwise hold every
    // pool thread, and a timer continuation meant to stop them would wait for thread injection.
    private static async Task<(long Ops, TimeSpan Elapsed)> RunForAsync(int callers, TimeSpan duration, Func<int, long, ValueTask> operation, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            long done = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await operation(caller, done).ConfigureAwait(false);
                done++;
            }

            return done;
        }, cancellationToken)).ToArray();

        var counts = await Task.WhenAll(loops).ConfigureAwait(false);
        return (counts.Sum(), Stopwatch.GetElapsedTime(started));
    }
}
