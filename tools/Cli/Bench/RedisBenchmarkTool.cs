using System.Diagnostics;
using System.Globalization;

namespace Adapters.Cli.Bench;

/// <summary>Runs Redis' own redis-benchmark as the baseline, when it is installed.</summary>
internal static class RedisBenchmarkTool
{
    public static bool IsInstalled => Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, "redis-benchmark")));

    /// <summary>GET throughput (requests/s) with <paramref name="clients"/> connections and <paramref name="pipeline"/> commands per round trip.</summary>
    public static async Task<double> GetOpsPerSecondAsync(string endPoint, int clients, int pipeline, int requests, int valueSize, CancellationToken cancellationToken)
    {
        var (host, port) = Split(endPoint);
        var start = new ProcessStartInfo("redis-benchmark")
        {
            ArgumentList = { "-h", host, "-p", port, "-c", $"{clients}", "-P", $"{pipeline}", "-n", $"{requests}", "-d", $"{valueSize}", "-t", "get", "--csv" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);

        // --csv prints a header line, then "GET","<rps>",...
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("\"GET\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"redis-benchmark printed no GET row: {output}");
        return double.Parse(line.Split(',')[1].Trim('"'), CultureInfo.InvariantCulture);
    }

    private static (string Host, string Port) Split(string endPoint)
    {
        var colon = endPoint.LastIndexOf(':');
        return (endPoint[..colon], endPoint[(colon + 1)..]);
    }
}
