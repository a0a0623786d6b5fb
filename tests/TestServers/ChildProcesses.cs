using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Adapters.TestServers;

/// <summary>Every redis process we started and that still runs, so none outlives the test run.</summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<Process, byte> Running = new();

    // .NET raises ProcessExit on a normal exit but not when a signal ends the process (timeout(1) sends SIGTERM), so
    // the signals are watched too. The handlers do not cancel: the default termination goes on once children are dead.
    private static readonly PosixSignalRegistration[] SignalRegistrations =
        [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => KillAll()))];

    static ChildProcesses()
    {
        // Fixtures are disposed on a normal run; this covers runs that end without disposing them.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Add(Process process) => Running.TryAdd(process, 0);

    public static void Remove(Process process) => Running.TryRemove(process, out _);

    public static void KillAll()
    {
        foreach (var process in Running.Keys)
        {
            Kill(process);
            Remove(process);
        }
    }

    public static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.WaitForExit(5000);
    }
}
