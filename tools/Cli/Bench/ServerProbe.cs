using System.Diagnostics;
using System.Globalization;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;

namespace Adapters.Cli.Bench;

/// <summary>
/// Watches a phase from outside: the longest PING round trip on a separate connection (how long the server was
/// blocked), the server's CPU time, and this process's peak working set above where it started.
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
        started._pinging = started.PingAsync();
        started._sampling = started.SampleAsync();
        return started;
    }

    public async Task<(double MaxPingMs, double ServerCpuMs, double ClientPeakMb)> StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pinging, _sampling).ConfigureAwait(false);
        var cpu = await CpuSecondsAsync(_server, cancellationToken).ConfigureAwait(false) - _serverCpuBefore;
        return (_maxPingMs, cpu * 1000, (_peakWorkingSet - _baseWorkingSet) / (1024.0 * 1024.0));
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
