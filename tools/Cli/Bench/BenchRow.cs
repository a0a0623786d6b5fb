namespace Adapters.Cli.Bench;

/// <summary>One measured figure, as written to the --json file.</summary>
internal sealed record BenchRow(string Scenario, string Metric, double Value, string Unit);
