using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Adapters.Redis.Connection;

/// <summary>
/// Puts a connected socket's descriptor back in blocking mode. .NET connects non-blocking on Unix (to make connects
/// cancellable) and never switches back: every later synchronous receive is then emulated through the socket engine,
/// spinning and waking via its event thread. A truly blocking descriptor lets the read loop sleep in recv() and be
/// woken by the kernel directly — the lowest latency a reply can have.
/// </summary>
internal static partial class BlockingSocket
{
    private const int GetFlags = 3;
    private const int SetFlags = 4;

    /// <summary>Clears O_NONBLOCK where the platform emulates blocking I/O; returns whether the descriptor now blocks.</summary>
    public static bool TryMakeBlocking(Socket socket)
    {
        var nonBlockingFlag = OperatingSystem.IsLinux() ? 0x800 : OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 0x4 : 0;
        if (nonBlockingFlag == 0)
        {
            // Windows sockets block natively in synchronous calls.
            return true;
        }

        var descriptor = (int)socket.Handle;
        var flags = Fcntl(descriptor, GetFlags, 0);
        return flags >= 0 && ((flags & nonBlockingFlag) == 0 || Fcntl(descriptor, SetFlags, flags & ~nonBlockingFlag) == 0);
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);
}
