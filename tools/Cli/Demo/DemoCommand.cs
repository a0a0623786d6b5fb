using System.CommandLine;
using Adapters.InMemory;
using Spectre.Console;

namespace Adapters.Cli.Demo;

/// <summary>`adapters demo`: shows each contract at work on the in-memory providers.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Show a map emitting debounced change batches, an auth session round trip and a cached value.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var console = AnsiConsole.Console;
            console.Write(new FigletText("adapters").Color(Color.SteelBlue));
            console.MarkupLine("[grey]provider:[/] in-memory (every contract also runs on Redis with the same semantics)");

            await MapDemo.RunAsync(console, new InMemoryMapStore(), cancellationToken).ConfigureAwait(false);
            await AuthDemo.RunAsync(console, new InMemoryAuthStateStore(), cancellationToken).ConfigureAwait(false);
            await CacheDemo.RunAsync(console, new InMemoryDistributedCache(), cancellationToken).ConfigureAwait(false);

            console.Write(new Rule("[green]done[/]"));
            return 0;
        });
        return command;
    }
}
