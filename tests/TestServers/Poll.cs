using System.Diagnostics;
using System.Net.Sockets;

namespace Adapters.TestServers;

/// <summary>Waits for a condition on real servers, reporting the last observed state when it gives up.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <param name="pending">Returns null once the condition holds, otherwise what is still missing.</param>
    /// <param name="timeout">How long to wait before throwing a <see cref="TimeoutException"/>.</param>
    /// <param name="what">The awaited condition, for the exception message.</param>
    public static async Task UntilAsync(Func<Task<string?>> pending, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            string? state;
            try
            {
                state = await pending().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
            {
                // Nodes refuse or drop connections while they restart or fail over: that is a state to wait out.
                state = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (state is null)
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {what}; last state: {state}");
            }

            await Task.Delay(Interval).ConfigureAwait(false);
        }
    }
}
