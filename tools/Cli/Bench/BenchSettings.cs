using System.CommandLine;
using System.Net;

namespace Adapters.Cli.Bench;

/// <summary>The options every benchmark takes, parsed.</summary>
internal sealed record BenchSettings(string? Redis, bool Quick, string? JsonPath, int Runs)
{
    public static readonly Option<string?> RedisOption = new("--redis")
    {
        Description = "Use the Redis server at host:port instead of starting one.",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (!IPEndPoint.TryParse(text, out _) && !DnsEndPoint(text))
            {
                result.AddError($"--redis expects host:port, got '{text}'.");
            }

            return text;
        },
    };

    public static readonly Option<bool> QuickOption = new("--quick") { Description = "A CI-sized run: fewer records, shorter timings, one run." };

    public static readonly Option<FileInfo?> JsonOption = new("--json") { Description = "Also write the rows to this file as JSON: [{scenario, metric, value, unit}]." };

    public static readonly Option<int?> RunsOption = new("--runs") { Description = "How many runs to take the median of (default 5, 1 with --quick)." };

    public static void AddTo(Command command)
    {
        command.Options.Add(RedisOption);
        command.Options.Add(QuickOption);
        command.Options.Add(JsonOption);
        command.Options.Add(RunsOption);
    }

    public static BenchSettings From(ParseResult parse)
    {
        var quick = parse.GetValue(QuickOption);
        var runs = parse.GetValue(RunsOption) ?? (quick ? 1 : 5);
        return new BenchSettings(parse.GetValue(RedisOption), quick, parse.GetValue(JsonOption)?.FullName, Math.Max(1, runs));
    }

    /// <summary>How long a throughput phase runs.</summary>
    public TimeSpan PhaseDuration => Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3);

    private static bool DnsEndPoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && ushort.TryParse(text.AsSpan(colon + 1), out var port) && port > 0;
    }
}
