using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Adapters.Cli.Demo;

/// <summary>A change-tracking map: immediate notifications, then one debounced batch per quiet key.</summary>
internal static class MapDemo
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    public static async Task RunAsync(IAnsiConsole console, IChangeTrackingMapFactory maps, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[yellow]1. change-tracking map[/]").LeftJustified());
        console.MarkupLine($"A processor emits entries once they stayed unwritten for {Quiet.TotalMilliseconds} ms (the debounce).");
        await using var map = maps.GetMap<string, Order>("orders");
        using var notifications = map.Changes.Subscribe(change =>
            console.MarkupLineInterpolated($"  [grey]immediate[/] {change.Kind,-8} {change.Key ?? "*"} {(change.Value is { } v ? $"status={v.Status}" : string.Empty)}"));

        var batches = new List<ChangeBatch<string, Order>>();
        var delivered = new SemaphoreSlim(0);
        using var processor = new ChangeBatchProcessor<string, Order>(
            map,
            (batch, _) =>
            {
                batches.Add(batch);
                PrintBatch(console, batch);
                delivered.Release();
                return ValueTask.CompletedTask;
            },
            new ChangeBatchProcessorOptions { Group = "billing", QuietPeriod = Quiet, PollInterval = TimeSpan.FromMilliseconds(100) },
            NullLogger<ChangeBatchProcessor<string, Order>>.Instance);
        await processor.StartAsync(cancellationToken).ConfigureAwait(false);

        console.MarkupLine("Writing order-1 three times in a row, and order-2 once:");
        await map.SetAsync("order-1", new Order("order-1", "created", 10m), cancellationToken).ConfigureAwait(false);
        await map.SetAsync("order-2", new Order("order-2", "created", 25m), cancellationToken).ConfigureAwait(false);
        await map.SetAsync("order-1", new Order("order-1", "paid", 10m), cancellationToken).ConfigureAwait(false);
        await map.SetAsync("order-1", new Order("order-1", "shipped", 10m), cancellationToken).ConfigureAwait(false);
        await delivered.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);

        console.MarkupLine("Removing order-2 (the feed carries removals as tombstones):");
        await map.RemoveAsync("order-2", cancellationToken).ConfigureAwait(false);
        await delivered.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        await processor.StopAsync(cancellationToken).ConfigureAwait(false);

        console.MarkupLineInterpolated($"[green]4 writes and 1 removal became {batches.Sum(b => b.Entries.Count)} batch entries in {batches.Count} batches; order-1 arrived once, with its last value.[/]");
    }

    private static void PrintBatch(IAnsiConsole console, ChangeBatch<string, Order> batch)
    {
        var table = new Table().Title($"batch for group '{batch.Group}' (checkpoint {batch.Checkpoint} → {batch.HighWaterMark})").AddColumns("key", "change", "value", "stamp (µs)");
        foreach (var entry in batch.Entries)
        {
            table.AddRow(entry.Key, entry.IsRemoved ? "[red]removed[/]" : "set", Markup.Escape(entry.Value is { } order ? $"status={order.Status} total={order.Total}" : "-"), entry.Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    private sealed record Order(string Id, string Status, decimal Total);
}
