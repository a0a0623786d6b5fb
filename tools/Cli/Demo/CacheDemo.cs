using System.Diagnostics;
using Microsoft.Extensions.Caching.Distributed;
using Spectre.Console;

namespace Adapters.Cli.Demo;

/// <summary>A distributed cache: cache-aside with sliding expiration.</summary>
internal static class CacheDemo
{
    public static async Task RunAsync(IAnsiConsole console, IDistributedCache cache, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[yellow]3. distributed cache[/]").LeftJustified());
        var options = new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5), AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var cached = await cache.GetStringAsync("exchange-rate:EUR-USD", cancellationToken).ConfigureAwait(false);
            var hit = cached is not null;
            if (!hit)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false); // the slow source the cache protects
                cached = "1.0842";
                await cache.SetStringAsync("exchange-rate:EUR-USD", cached, options, cancellationToken).ConfigureAwait(false);
            }

            var outcome = hit ? "[green]hit[/]" : "[red]miss[/]";
            console.MarkupLine(FormattableString.Invariant($"read {attempt}: {outcome} → {Markup.Escape(cached ?? "-")} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F2} ms"));
        }
    }
}
