using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>Collects a benchmark's rows, prints them as a table (with ratios against baselines) and writes --json.</summary>
internal sealed class BenchReport(IAnsiConsole console)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    private readonly List<BenchRow> _rows = [];
    private readonly List<(string Scenario, string Baseline, string Metric)> _ratios = [];
    private readonly Dictionary<(string Scenario, string Metric), IReadOnlyList<double>> _runs = [];

    public IReadOnlyList<BenchRow> Rows => _rows;

    public void Add(string scenario, string metric, double value, string unit)
    {
        _rows.Add(new BenchRow(scenario, metric, value, unit));
        console.MarkupLineInterpolated($"  [grey]{scenario}[/] {metric} = [bold]{Format(value)}[/] {unit}");
    }

    /// <summary>Adds the median of several runs, keeping each run so ratios can pair it with its own baseline.</summary>
    public void AddRuns(string scenario, string metric, IReadOnlyList<double> runs, string unit)
    {
        _runs[(scenario, metric)] = runs;
        Add(scenario, metric, Measure.Median(runs), unit);
    }

    /// <summary>Declares that <paramref name="scenario"/> is compared with <paramref name="baseline"/> on <paramref name="metric"/>.</summary>
    public void CompareWith(string scenario, string baseline, string metric) => _ratios.Add((scenario, baseline, metric));

    /// <summary>
    /// The ratio of two rows measured in this run: the median of per-run ratios when both were measured run by run
    /// (each run against the baseline taken just before it, which cancels drift on a shared machine), else the ratio
    /// of the two values.
    /// </summary>
    public double? Ratio(string scenario, string baseline, string metric)
    {
        if (_runs.TryGetValue((scenario, metric), out var ours) && _runs.TryGetValue((baseline, metric), out var theirs) && ours.Count == theirs.Count)
        {
            return Measure.Median([.. ours.Zip(theirs, (a, b) => a / b)]);
        }

        var value = _rows.FirstOrDefault(r => r.Scenario == scenario && r.Metric == metric)?.Value;
        var reference = _rows.FirstOrDefault(r => r.Scenario == baseline && r.Metric == metric)?.Value;
        return value is { } v && reference is > 0 ? v / reference.Value : null;
    }

    public async Task CompleteAsync(string title, string? jsonPath)
    {
        foreach (var (scenario, baseline, metric) in _ratios)
        {
            if (Ratio(scenario, baseline, metric) is { } ratio)
            {
                _rows.Add(new BenchRow(scenario, "ratio_vs_baseline", Math.Round(ratio, 3), $"x {baseline}"));
            }
        }

        var table = new Table().Title(title).AddColumns("scenario", "metric", "value", "unit");
        foreach (var row in _rows)
        {
            table.AddRow(Markup.Escape(row.Scenario), Markup.Escape(row.Metric), Format(row.Value), Markup.Escape(row.Unit));
        }

        console.Write(table);
        if (jsonPath is not null)
        {
            await using var file = File.Create(jsonPath);
            await JsonSerializer.SerializeAsync(file, _rows, JsonOptions).ConfigureAwait(false);
            console.MarkupLineInterpolated($"[grey]wrote {_rows.Count} rows to {jsonPath}[/]");
        }
    }

    private static string Format(double value) => value switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("G4", CultureInfo.InvariantCulture),
    };
}
