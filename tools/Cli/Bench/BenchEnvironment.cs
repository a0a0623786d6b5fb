using System.Reflection;
using System.Runtime.InteropServices;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>The machine and versions header every benchmark prints first: figures only compare within one run.</summary>
internal static class BenchEnvironment
{
    public static void PrintHeader(IAnsiConsole console, string benchmark, BenchSettings settings, IEnumerable<(string Name, string Value)>? extra = null)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("benchmark", benchmark + (settings.Quick ? " (quick)" : string.Empty));
        grid.AddRow("machine", $"{Environment.ProcessorCount} cores, {Cpu()}, {RuntimeInformation.OSDescription}");
        grid.AddRow("runtime", $"{RuntimeInformation.FrameworkDescription}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        grid.AddRow("adapters", typeof(BenchEnvironment).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
        grid.AddRow("runs", $"median of {settings.Runs}");
        foreach (var (name, value) in extra ?? [])
        {
            grid.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        console.Write(new Panel(grid).Header("environment"));
    }

    private static string Cpu()
    {
        const string Prefix = "model name";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
