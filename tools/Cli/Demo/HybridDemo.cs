using System.Diagnostics;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Adapters.Cli.Demo;

/// <summary>
/// Two HybridCache nodes (as two processes would have them) over one L2 and one backplane: L1 and L2 hits, one factory
/// call for 20 concurrent callers, and a write on one node seen by the other.
/// </summary>
internal static class HybridDemo
{
    public static async Task RunAsync(IAnsiConsole console, IDistributedCache distributed, Func<IHybridCacheBackplane> backplane, CancellationToken ct)
    {
        console.Write(new Rule("[yellow]4. HybridCache on two nodes[/]").LeftJustified());
        await using var nodeA = Node(distributed, backplane);
        await using var nodeB = Node(distributed, backplane);
        var (a, b) = (nodeA.GetRequiredService<HybridCache>(), nodeB.GetRequiredService<HybridCache>());
        var key = $"product:{Guid.NewGuid():N}";
        var calls = 0;
        async ValueTask<string> LoadAsync(CancellationToken token)
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(200, token).ConfigureAwait(false); // the slow source the cache protects
            return "espresso machine, 249 EUR";
        }

        await Show(console, "node A, first read", () => a.GetOrCreateAsync(key, LoadAsync, cancellationToken: ct), () => calls).ConfigureAwait(false);
        await Show(console, "node A, again (L1, first call of the code)", () => a.GetOrCreateAsync(key, LoadAsync, cancellationToken: ct), () => calls).ConfigureAwait(false);
        await Show(console, "node A, once more (L1)", () => a.GetOrCreateAsync(key, LoadAsync, cancellationToken: ct), () => calls).ConfigureAwait(false);
        await Show(console, "node B (L2)", () => b.GetOrCreateAsync(key, LoadAsync, cancellationToken: ct), () => calls).ConfigureAwait(false);

        var stampede = $"{key}:stampede";
        calls = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).GetOrCreateAsync(stampede, LoadAsync, cancellationToken: ct).AsTask())).ConfigureAwait(false);
        console.MarkupLine(FormattableString.Invariant($"20 concurrent callers (10 per node) on a new key: [bold]{calls}[/] factory call(s), at most one per node (stampede protection is per process), {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms"));

        await a.SetAsync(key, "espresso machine, 199 EUR (sale)", cancellationToken: ct).ConfigureAwait(false);
        await Task.Delay(20, ct).ConfigureAwait(false);
        await Show(console, "node B after node A's SetAsync", () => b.GetOrCreateAsync(key, LoadAsync, cancellationToken: ct), () => calls).ConfigureAwait(false);
        await a.RemoveAsync([key, stampede], ct).ConfigureAwait(false);
    }

    private static async Task Show(IAnsiConsole console, string what, Func<ValueTask<string>> read, Func<int> calls)
    {
        var before = calls();
        var started = Stopwatch.GetTimestamp();
        var value = await read().ConfigureAwait(false);
        var source = calls() > before ? "[red]factory[/]" : "[green]cache[/]";
        console.MarkupLine(FormattableString.Invariant($"{what}: {source} → {Markup.Escape(value)} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F3} ms"));
    }

    private static ServiceProvider Node(IDistributedCache distributed, Func<IHybridCacheBackplane> backplane)
    {
        var services = new ServiceCollection();
        services.AddSingleton(distributed);
        services.AddSingleton(_ => backplane());
        services.AddAdaptersHybridCache();
        return services.BuildServiceProvider();
    }
}
