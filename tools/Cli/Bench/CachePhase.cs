using System.Diagnostics;
using System.Globalization;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;

namespace Adapters.Cli.Bench;

/// <summary>
/// One throughput phase of `adapters bench cache`, with where its CPU went: this process's CPU time and the server's
/// (INFO cpu) per operation, warm-up included on both sides. On a machine where client and server share the cores,
/// these say which side bounds the throughput. The server figure is exact only on a server no one else uses.
/// </summary>
internal static class CachePhase
{
    private static readonly RedisCommand Info = RedisCommand.Of("INFO");

    public static async Task<(double OpsPerSecond, double ClientMicroseconds, double ServerMicroseconds)> RunAsync(
        IRedisExecutor client, int callers, TimeSpan duration, Func<int, long, ValueTask> operation, CancellationToken ct)
    {
        long operations = 0;
        async ValueTask Counted(int caller, long n)
        {
            await operation(caller, n).ConfigureAwait(false);
            Interlocked.Increment(ref operations);
        }

        using var process = Process.GetCurrentProcess();
        var serverBefore = await ServerSecondsAsync(client, ct).ConfigureAwait(false);
        process.Refresh();
        var clientBefore = process.TotalProcessorTime;
        var rate = await Measure.OpsPerSecondAsync(callers, duration, Counted, ct).ConfigureAwait(false);
        process.Refresh();
        var clientAfter = process.TotalProcessorTime;
        var serverAfter = await ServerSecondsAsync(client, ct).ConfigureAwait(false);
        var count = Math.Max(1, Interlocked.Read(ref operations));
        return (rate, (clientAfter - clientBefore).TotalMicroseconds / count, (serverAfter - serverBefore) * 1e6 / count);
    }

    private static async Task<double> ServerSecondsAsync(IRedisExecutor client, CancellationToken ct)
    {
        var info = await client.ExecuteAsync(Info, ["cpu"], Replies.Text, ct).ConfigureAwait(false) ?? string.Empty;
        return info.Split('\n')
            .Where(line => line.StartsWith("used_cpu_sys:", StringComparison.Ordinal) || line.StartsWith("used_cpu_user:", StringComparison.Ordinal))
            .Sum(line => double.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture));
    }
}
