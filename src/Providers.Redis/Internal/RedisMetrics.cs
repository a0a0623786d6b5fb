using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Adapters.Redis;

/// <summary>
/// The client's metrics (<c>Adapters.Redis</c> meter) and traces (<c>Adapters.Redis</c> activity source). Recording
/// costs a flag check when nobody listens.
/// </summary>
internal static class RedisMetrics
{
    public const string Name = "Adapters.Redis";

    public static readonly ActivitySource Tracing = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("adapters.redis.commands", description: "Commands answered by Redis.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("adapters.redis.errors", description: "Commands answered with an error reply.");

    public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>("adapters.redis.timeouts", description: "Commands that got no reply within their timeout.");

    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("adapters.redis.reconnects", description: "Connections re-established after a failure.");

    public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("adapters.redis.latency", unit: "ms", description: "Time from writing a command to reading its reply.");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Connection.ConnectionPool, byte> LivePools = new();

    static RedisMetrics() => Meter.CreateObservableGauge("adapters.redis.pending", () => LivePools.Keys.Sum(pool => (long)pool.InFlight), description: "Commands written and waiting for a reply.");

    public static void Track(Connection.ConnectionPool pool) => LivePools.TryAdd(pool, 0);

    public static void Untrack(Connection.ConnectionPool pool) => LivePools.TryRemove(pool, out _);

    /// <summary>Starts a client span for a command when anyone listens; null (and free) otherwise.</summary>
    public static Activity? StartActivity(string command)
    {
        if (!Tracing.HasListeners())
        {
            return null;
        }

        // The span ends on the read loop, not in the caller's flow: leave the caller's current activity as it was.
        var callers = Activity.Current;
        var activity = Tracing.StartActivity(command, ActivityKind.Client);
        Activity.Current = callers;
        activity?.SetTag("db.system", "redis");
        activity?.SetTag("db.operation.name", command);
        return activity;
    }

    public static void StopActivity(Activity activity, Exception? failure)
    {
        if (failure is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
            activity.SetTag("error.type", failure.GetType().FullName);
        }

        activity.Stop();
    }

    public static void Completed(long enqueuedAt, bool error)
    {
        if (Commands.Enabled)
        {
            Commands.Add(1);
        }

        if (error && Errors.Enabled)
        {
            Errors.Add(1);
        }

        if (Latency.Enabled)
        {
            Latency.Record(Environment.TickCount64 - enqueuedAt);
        }
    }
}
