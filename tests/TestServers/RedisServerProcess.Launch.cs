using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Adapters.TestServers;

public sealed partial class RedisServerProcess
{
    private const int MaxPortAttempts = 5;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<string> _console = new();

    private string LogPath => Path.Combine(_directory!, "redis.log");

    private string SentinelConfigPath => Path.Combine(_directory!, "sentinel.conf");

    /// <summary>Starts a process on a fresh free port, moving to another port when the chosen one was taken meanwhile.</summary>
    internal static async Task<RedisServerProcess> StartAsync(ServerSpec spec)
    {
        var (server, cli) = await RedisAvailability.RequireAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var process = new RedisServerProcess(server, cli, spec, FreePort.Next(), spec.ClusterEnabled ? FreePort.Next() : null);
            var failure = await process.LaunchAsync().ConfigureAwait(false);
            if (failure is null)
            {
                return process;
            }

            await process.DisposeAsync().ConfigureAwait(false);
            if (!failure.AddressInUse || attempt == MaxPortAttempts)
            {
                throw new InvalidOperationException($"Could not start {spec.Name} redis-server ({server}): {failure.Message}");
            }
        }
    }

    /// <summary>Starts several processes concurrently; if any fails, the others are stopped before the error surfaces.</summary>
    internal static async Task<RedisServerProcess[]> StartAllAsync(IEnumerable<ServerSpec> specs)
    {
        var starts = specs.Select(spec => Task.Run(() => StartAsync(spec))).ToArray();
        try
        {
            return await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch
        {
            foreach (var start in starts.Where(start => start.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private IEnumerable<string> BuildArguments()
    {
        var spec = _spec!;
        var port = Port.ToString(CultureInfo.InvariantCulture);
        if (spec.SentinelConfig is not null)
        {
            // The config file must come first; sentinels rewrite it, which is why it lives in our directory.
            yield return SentinelConfigPath;
            yield return "--sentinel";
        }

        string[] common = ["--bind", "127.0.0.1", "--daemonize", "no", "--dir", _directory!, "--logfile", LogPath];
        foreach (var argument in common)
        {
            yield return argument;
        }

        if (spec.Tls is { } tls)
        {
            string[] tlsArguments = ["--port", "0", "--tls-port", port,
                "--tls-cert-file", tls.ServerCertificatePath, "--tls-key-file", tls.ServerKeyPath,
                "--tls-ca-cert-file", tls.CaCertificatePath, "--tls-auth-clients", "optional"];
            foreach (var argument in tlsArguments)
            {
                yield return argument;
            }
        }
        else
        {
            yield return "--port";
            yield return port;
        }

        if (spec.SentinelConfig is null)
        {
            // Replicas would otherwise wait 5 s (repl-diskless-sync-delay) before their first sync.
            string[] data = ["--save", string.Empty, "--appendonly", "no", "--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0"];
            foreach (var argument in data)
            {
                yield return argument;
            }
        }

        if (spec.ClusterEnabled)
        {
            string[] cluster = ["--cluster-enabled", "yes", "--cluster-port", ClusterBusPort!.Value.ToString(CultureInfo.InvariantCulture),
                "--cluster-config-file", Path.Combine(_directory!, "nodes.conf"), "--cluster-node-timeout", "2000"];
            foreach (var argument in cluster)
            {
                yield return argument;
            }
        }

        foreach (var argument in spec.ExtraArgs)
        {
            yield return argument;
        }
    }

    /// <returns>Null once the process answers, otherwise why it did not.</returns>
    private async Task<LaunchFailure?> LaunchAsync()
    {
        Directory.CreateDirectory(_directory!);
        if (_spec!.SentinelConfig is { } sentinelConfig && !File.Exists(SentinelConfigPath))
        {
            await File.WriteAllTextAsync(SentinelConfigPath, sentinelConfig).ConfigureAwait(false);
        }

        var info = new ProcessStartInfo(_serverPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in BuildArguments())
        {
            info.ArgumentList.Add(argument);
        }

        _console.Clear();
        _process?.Dispose();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => RememberConsole(e.Data);
        process.ErrorDataReceived += (_, e) => RememberConsole(e.Data);
        process.Start();
        ChildProcesses.Add(process);
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return await WaitUntilReadyAsync(process).ConfigureAwait(false);
    }

    private async Task<LaunchFailure?> WaitUntilReadyAsync(Process process)
    {
        var watch = Stopwatch.StartNew();
        var lastState = "not tried yet";
        while (true)
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // drains the redirected output into _console
                ChildProcesses.Remove(process);
                var tail = DiagnosticsTail();
                return new LaunchFailure(
                    $"the process exited with code {process.ExitCode} before answering PING.{tail}",
                    tail.Contains("Address already in use", StringComparison.Ordinal));
            }

            (var ready, lastState) = await TryPingAsync().ConfigureAwait(false);
            if (ready)
            {
                return null;
            }

            if (watch.Elapsed > ReadyTimeout)
            {
                KillCurrentProcess();
                return new LaunchFailure(
                    $"no answer to PING within {ReadyTimeout.TotalSeconds:0} s (last: {lastState}).{DiagnosticsTail()}", AddressInUse: false);
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private async Task<(bool Ready, string State)> TryPingAsync()
    {
        using var cts = new CancellationTokenSource(PingTimeout);
        try
        {
            await using var connection = await RespConnection.ConnectAsync(Host, Port, _spec?.Tls?.CreateClientOptions(), cts.Token).ConfigureAwait(false);
            var reply = await connection.SendAsync(["PING"], cts.Token).ConfigureAwait(false);
            var text = reply.Text;
            var ready = (reply.Kind == RespReplyKind.SimpleString && text == "PONG")
                || (reply.IsError && text.StartsWith("NOAUTH", StringComparison.Ordinal));
            return (ready, reply.ToString());
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            // Refused, reset or a slow handshake: the server is still coming up.
            return (false, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private void RememberConsole(string? line)
    {
        if (line is null)
        {
            return;
        }

        _console.Enqueue(line);
        if (_console.Count > 40)
        {
            _console.TryDequeue(out _);
        }
    }

    /// <summary>The end of redis.log and of the console output, for exceptions.</summary>
    private string DiagnosticsTail()
    {
        var text = string.Empty;
        if (File.Exists(LogPath))
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            text += $"\n--- {LogPath} (tail) ---\n{string.Join('\n', lines.TakeLast(30))}";
        }

        if (!_console.IsEmpty)
        {
            text += $"\n--- console ---\n{string.Join('\n', _console)}";
        }

        return text;
    }
}
