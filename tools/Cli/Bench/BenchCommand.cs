using System.CommandLine;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>The `bench` command group: every benchmark shares --redis, --quick, --json and --runs.</summary>
internal static class BenchCommand
{
    private static readonly IBenchmark[] Benchmarks = [new MemoryBenchmark(), new ClientBenchmark(), new StrategiesBenchmark(), new AuthBenchmark(), new CacheBenchmark(), new HybridBenchmark()];

    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed targets against baselines taken in the same run.");
        foreach (var benchmark in Benchmarks)
        {
            var command = new Command(benchmark.Name, benchmark.Description);
            BenchSettings.AddTo(command);
            benchmark.AddOptions(command);
            command.SetAction(async (parse, cancellationToken) =>
            {
                var settings = BenchSettings.From(parse);
                var console = AnsiConsole.Console;
                BenchEnvironment.PrintHeader(console, benchmark.Name, settings);
                var report = new BenchReport(console);
                await benchmark.RunAsync(settings, parse, console, report, cancellationToken).ConfigureAwait(false);
                await report.CompleteAsync($"adapters bench {benchmark.Name}", settings.JsonPath).ConfigureAwait(false);
                return 0;
            });
            bench.Subcommands.Add(command);
        }

        return bench;
    }
}
