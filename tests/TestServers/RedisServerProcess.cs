using System.Diagnostics;

namespace Adapters.TestServers;

/// <summary>One redis-server (or sentinel) process on 127.0.0.1, or an external server named by ADAPTERS_REDIS.</summary>
public sealed partial class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerSpec? _spec;
    private readonly string? _serverPath;
    private readonly string? _cliPath;
    private readonly string? _directory;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Process? _process;
    private int _disposed;

    private RedisServerProcess(string host, int port)
    {
        Host = host;
        Port = port;
    }

    private RedisServerProcess(string serverPath, string cliPath, ServerSpec spec, int port, int? clusterBusPort)
    {
        _spec = spec;
        _serverPath = serverPath;
        _cliPath = cliPath;
        Host = "127.0.0.1";
        Port = port;
        ClusterBusPort = clusterBusPort;
        _directory = Path.Combine(Path.GetTempPath(), "adapters-redis", $"{spec.Name}-{port}-{Guid.NewGuid():N}");
    }

    public string Host { get; }

    public int Port { get; }

    public string EndPoint => $"{Host}:{Port}";

    /// <summary>False for the external server of ADAPTERS_REDIS, which is never started, killed or stopped.</summary>
    public bool IsOwned => _spec is not null;

    public bool IsTls => _spec?.Tls is not null;

    public bool IsSentinel => _spec?.SentinelConfig is not null;

    /// <summary>True while the process we started is alive (always true for an external server).</summary>
    public bool IsRunning => !IsOwned || _process is { HasExited: false };

    /// <summary>The temp directory holding redis.log, nodes.conf or sentinel.conf; null for an external server.</summary>
    public string? DataDirectory => _directory;

    internal int? ClusterBusPort { get; }

    /// <summary>SIGKILL, like a crash: no shutdown, clients see their connections reset.</summary>
    public void Kill()
    {
        EnsureOwned();
        KillCurrentProcess();
    }

    /// <summary>Starts the process again on the same port with the same arguments (killing it first if it runs) and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        EnsureOwned();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            KillCurrentProcess();
            for (var attempt = 1; ; attempt++)
            {
                var failure = await LaunchAsync().ConfigureAwait(false);
                if (failure is null)
                {
                    return;
                }

                // The port is fixed now, so a port taken in the meantime can only be waited for.
                if (!failure.AddressInUse || attempt == 10)
                {
                    throw new InvalidOperationException($"Could not restart {Describe()}: {failure.Message}");
                }

                await Task.Delay(200).ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Runs <c>redis-cli -h -p -e [TLS flags] args</c> and returns its stdout. Throws (with redis-cli's output) when
    /// redis-cli fails, which with <c>-e</c> includes an error reply such as NOAUTH or WRONGTYPE.
    /// </summary>
    public async Task<string> CliAsync(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cli = _cliPath ?? (await RedisAvailability.RequireAsync().ConfigureAwait(false)).Cli;
        List<string> arguments = ["-h", Host, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-e", "--no-auth-warning"];
        if (_spec?.Tls is { } tls)
        {
            arguments.AddRange(["--tls", "--sni", TestCertificates.ServerName, "--cacert", tls.CaCertificatePath,
                "--cert", tls.ClientCertificatePath, "--key", tls.ClientKeyPath]);
        }

        arguments.AddRange(args);
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(cli, arguments, CliTimeout).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"redis-cli against {EndPoint} exited with {exitCode}: {stderr.Trim()} {stdout.Trim()}".TrimEnd());
        }

        return stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsOwned || Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            KillCurrentProcess();
            _process?.Dispose();
            _process = null;
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public override string ToString() => Describe();

    internal static RedisServerProcess External(string host, int port) => new(host, port);

    private string Describe() => _spec is null ? $"external redis {EndPoint}" : $"{_spec.Name} {EndPoint}";

    private void EnsureOwned()
    {
        if (!IsOwned)
        {
            throw new InvalidOperationException($"{Describe()} comes from ADAPTERS_REDIS and is not ours to kill or restart.");
        }
    }

    private void KillCurrentProcess()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        ChildProcesses.Kill(process);
        ChildProcesses.Remove(process);
    }
}
