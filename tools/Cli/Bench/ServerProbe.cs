using System.Diagnostics;
using System.Globalization;
using Adapters.Redis;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;

namespace Adapters.Cli.Bench;

/// <summary>
/// Watches a phase from outside: the longest PING round trip on a separate connection (how long the server was
/// blocked, as a client sees it), the longest single command the server ran (its SLOWLOG, when CONFIG is allowed:
/// unlike PING, it does not count this process's GC pauses or the scheduler of a machine whose cores client and server
/// share), the server's CPU time, and this process's peak working set above where it started.
/// </summary>
internal sealed class ServerProbe : IAsyncDisposable
{
    private readonly IRedisExecutor _probe;
    private readonly IRedisExecutor _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _baseWorkingSet;
    private readonly double _serverCpuBefore;
    private Task _pinging = Task.CompletedTask;
    private Task _sampling = Task.CompletedTask;
    private double _maxPingMs;
    private long _peakWorkingSet;

    private static readonly RedisCommand Config = RedisCommand.Of("CONFIG");
    private static readonly RedisCommand SlowLog = RedisCommand.Of("SLOWLOG");

    private (string Threshold, string MaxLength)? _slowLogSettings;

    private ServerProbe(IRedisExecutor probe, IRedisExecutor server, double serverCpuBefore)
    {
        _probe = probe;
        _server = server;
        _serverCpuBefore = serverCpuBefore;
        _baseWorkingSet = Environment.WorkingSet;
        _peakWorkingSet = _baseWorkingSet;
    }

    public static async Task<ServerProbe> StartAsync(IRedisExecutor probe, IRedisExecutor server, CancellationToken cancellationToken)
    {
        var started = new ServerProbe(probe, server, await CpuSecondsAsync(server, cancellationToken).ConfigureAwait(false));
        started._slowLogSettings = await StartSlowLogAsync(server, cancellationToken).ConfigureAwait(false);
        started._pinging = started.PingAsync();
        started._sampling = started.SampleAsync();
        return started;
    }

    /// <summary>Ends the watch; <c>LongestCommandMs</c> is NaN (and its name empty) when the server refused CONFIG.</summary>
    public async Task<(double MaxPingMs, double LongestCommandMs, string LongestCommand, double ServerCpuMs, double ClientPeakMb)> StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pinging, _sampling).ConfigureAwait(false);
        var cpu = await CpuSecondsAsync(_server, cancellationToken).ConfigureAwait(false) - _serverCpuBefore;
        var (longest, command) = await StopSlowLogAsync(cancellationToken).ConfigureAwait(false);
        return (_maxPingMs, longest, command, cpu * 1000, (_peakWorkingSet - _baseWorkingSet) / (1024.0 * 1024.0));
    }

    // Logs every command slower than 1 ms from now on, keeping enough entries that a phase's slowest is not pushed out;
    // returns the settings to restore, or null when CONFIG is refused.
    private static async Task<(string Threshold, string MaxLength)?> StartSlowLogAsync(IRedisExecutor server, CancellationToken cancellationToken)
    {
        try
        {
            var threshold = await server.ExecuteAsync(Config, ["GET", "slowlog-log-slower-than"], Replies.Value, cancellationToken).ConfigureAwait(false);
            var maxLength = await server.ExecuteAsync(Config, ["GET", "slowlog-max-len"], Replies.Value, cancellationToken).ConfigureAwait(false);
            await server.ExecuteAsync(Config, ["SET", "slowlog-log-slower-than", "1000", "slowlog-max-len", "100000"], Replies.Ignore, cancellationToken).ConfigureAwait(false);
            await server.ExecuteAsync(SlowLog, ["RESET"], Replies.Ignore, cancellationToken).ConfigureAwait(false);
            return (threshold.Items[^1].AsString()!, maxLength.Items[^1].AsString()!);
        }
        catch (RedisServerException)
        {
            // A managed server may refuse CONFIG: the PING figure then stands alone.
            return null;
        }
    }

    private async Task<(double Milliseconds, string Command)> StopSlowLogAsync(CancellationToken cancellationToken)
    {
        if (_slowLogSettings is not { } settings)
        {
            return (double.NaN, string.Empty);
        }

        var entries = await _server.ExecuteAsync(SlowLog, ["GET", "-1"], Replies.Value, cancellationToken).ConfigureAwait(false);
        await _server.ExecuteAsync(Config, ["SET", "slowlog-log-slower-than", settings.Threshold, "slowlog-max-len", settings.MaxLength], Replies.Ignore, cancellationToken).ConfigureAwait(false);
        var slowest = entries.Items.MaxBy(entry => entry.Items[2].AsInt64());
        return slowest is null ? (0, string.Empty) : (slowest.Items[2].AsInt64() / 1000.0, slowest.Items[3].Items[0].AsString() ?? string.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PingAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await _probe.PingAsync(CancellationToken.None).ConfigureAwait(false);
            _maxPingMs = Math.Max(_maxPingMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            _peakWorkingSet = Math.Max(_peakWorkingSet, Environment.WorkingSet);
            await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<double> CpuSecondsAsync(IRedisExecutor server, CancellationToken cancellationToken)
    {
        var info = await server.InfoAsync("cpu", cancellationToken).ConfigureAwait(false);
        return info.Split('\n')
            .Select(line => line.Trim().Split(':'))
            .Where(pair => pair is ["used_cpu_sys" or "used_cpu_user", _])
            .Sum(pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
    }
}
