using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace Adapters.TestServers;

/// <summary>Turns "no usable redis here" into a failure under CI=true and a skip (with the reason) otherwise.</summary>
internal static class RedisAvailability
{
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the redis-server and redis-cli paths, or fails/skips the calling test.</summary>
    public static async Task<(string Server, string Cli)> RequireAsync()
    {
        var (server, cli, problem) = await RedisExecutable.ResolveAsync().ConfigureAwait(false);
        if (problem is not null || server is null || cli is null)
        {
            Unavailable(problem ?? $"redis-server not found: {RedisExecutable.InstallHint}");
        }

        return (server, cli);
    }

    [DoesNotReturn]
    public static void Unavailable(string reason)
    {
        if (IsCi)
        {
            throw new InvalidOperationException(reason);
        }

        Assert.Skip(reason);
    }
}
