using System.CommandLine;
using Adapters.Cli.Bench;
using Adapters.Cli.Demo;

var root = new RootCommand("adapters: shared state for .NET on Redis or in memory (maps, auth state, caches).")
{
    DemoCommand.Create(),
    BenchCommand.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
