namespace Adapters.TestServers;

/// <summary>Finds redis-server (REDIS_SERVER, else PATH) and the redis-cli next to it (else on PATH).</summary>
internal static class RedisExecutable
{
    public const string InstallHint = "./test.sh installs it (apt-get install redis-server), or set REDIS_SERVER / ADAPTERS_REDIS";

    private static readonly Lazy<Task<(string? Server, string? Cli, string? Problem)>> Probe =
        new(() => Task.Run(ProbeAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The resolved paths, or why redis cannot be used here.</summary>
    public static Task<(string? Server, string? Cli, string? Problem)> ResolveAsync() => Probe.Value;

    private static async Task<(string? Server, string? Cli, string? Problem)> ProbeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("REDIS_SERVER");
        string? server;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            server = File.Exists(configured) ? Path.GetFullPath(configured) : null;
            if (server is null)
            {
                return (null, null, $"redis-server not found: REDIS_SERVER points to a missing file; {InstallHint}");
            }
        }
        else
        {
            server = FindOnPath("redis-server");
            if (server is null)
            {
                return (null, null, $"redis-server not found: {InstallHint}");
            }
        }

        var sibling = Path.Combine(Path.GetDirectoryName(server)!, "redis-cli");
        var cli = File.Exists(sibling) ? sibling : FindOnPath("redis-cli");
        if (cli is null)
        {
            return (server, null, $"redis-cli not found next to redis-server nor on PATH: {InstallHint}");
        }

        // A binary that exists but cannot run (wrong architecture, missing libssl) counts as "cannot be started".
        try
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(server, ["--version"], TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            if (exitCode != 0 || !stdout.Contains("Redis server", StringComparison.Ordinal))
            {
                return (server, cli, $"redis-server cannot be started ({server} --version exited with {exitCode}: {stderr.Trim()}); {InstallHint}");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (server, cli, $"redis-server cannot be started ({ex.Message}); {InstallHint}");
        }

        return (server, cli, null);
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
