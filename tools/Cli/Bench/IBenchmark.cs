using System.CommandLine;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>One `adapters bench NAME` command.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>Adds options beyond the shared ones.</summary>
    void AddOptions(Command command)
    {
    }

    Task RunAsync(BenchSettings settings, ParseResult parse, IAnsiConsole console, BenchReport report, CancellationToken cancellationToken);
}
