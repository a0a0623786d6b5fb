namespace Adapters.Cli.Bench;

/// <summary>The value benchmarks store: about 200 bytes of JSON, like the seed documents' entries.</summary>
internal sealed record BenchValue(long Id, string Name, decimal Amount, string Status, string[] Tags, DateTimeOffset UpdatedAt)
{
    public static BenchValue Create(long id) => new(
        id,
        $"customer-{id:D8}@example.com",
        id * 1.25m,
        id % 3 == 0 ? "shipped" : "pending",
        ["priority", "eu-west", $"batch-{id % 97}"],
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(id));
}
