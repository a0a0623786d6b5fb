using System.Collections.Concurrent;
using System.Diagnostics;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>
/// Concurrent callers that repeat one step against the client while a test breaks the servers under them. Every step
/// outcome is recorded: a success, a typed error the scenario allows, or anything else (a wrong value, an untyped
/// exception, a call that hangs past <see cref="HangLimit"/>), which the test then reports as a failure.
/// </summary>
internal sealed class CallerLoop : IAsyncDisposable
{
    /// <summary>Far above the client's command timeout: a step still running after this is a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    private const int MaxKeptErrors = 20;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, long, Task> _step;
    private readonly Func<Exception, bool> _allowed;
    private readonly long[] _lastSuccess;
    private readonly long[] _successes;
    private readonly long[] _errors;
    private readonly ConcurrentDictionary<string, int> _typedErrors = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly Task[] _callers;
    private int _unexpectedCount;

    private CallerLoop(int callers, Func<int, long, Task> step, Func<Exception, bool> allowed)
    {
        _step = step;
        _allowed = allowed;
        _lastSuccess = new long[callers];
        _successes = new long[callers];
        _errors = new long[callers];
        _callers = [.. Enumerable.Range(0, callers).Select(caller => Task.Run(() => RunAsync(caller)))];
    }

    /// <summary>How many typed errors of each kind the callers saw ("RedisConnectionException/ConnectionLost", …).</summary>
    public IReadOnlyDictionary<string, int> ErrorKinds => _typedErrors;

    /// <summary>Outcomes that must never happen: wrong values, untyped exceptions, hangs (the first few, described).</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    public int UnexpectedCount => Volatile.Read(ref _unexpectedCount);

    public int TypedErrorCount => _typedErrors.Values.Sum();

    /// <summary>Starts callers that each run a step until stopped.</summary>
    /// <param name="callers">How many callers run concurrently.</param>
    /// <param name="step">
    /// One step: (caller, iteration); it throws (Assert) on a wrong value. Stopping never cancels a step midway, so
    /// every command's outcome is known to the step (a cancelled command may or may not have run).
    /// </param>
    /// <param name="allowed">Which exceptions count as the typed errors the scenario tolerates.</param>
    public static CallerLoop Start(int callers, Func<int, long, Task> step, Func<Exception, bool> allowed)
        => new(callers, step, allowed);

    public static long Now => Stopwatch.GetTimestamp();

    public long Successes(int caller) => Volatile.Read(ref _successes[caller]);

    /// <summary>Steps of <paramref name="caller"/> that failed with an allowed (typed) error.</summary>
    public long TypedErrors(int caller) => Volatile.Read(ref _errors[caller]);

    /// <summary>Waits until every caller in <paramref name="callers"/> (all when null) completed a step that started after <paramref name="since"/>.</summary>
    public async Task WaitForSuccessesSinceAsync(long since, TimeSpan timeout, string what, IReadOnlyCollection<int>? callers = null)
    {
        var watch = Stopwatch.StartNew();
        var waitingFor = callers ?? [.. Enumerable.Range(0, _lastSuccess.Length)];
        while (true)
        {
            var late = waitingFor.Where(caller => Volatile.Read(ref _lastSuccess[caller]) <= since).ToList();
            if (late.Count == 0)
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Callers {string.Join(",", late)} did not succeed within {timeout.TotalSeconds:0} s {what}. {Describe()}");
            }

            await Task.Delay(20, TestContextToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the callers and waits for their last step (each is bounded by <see cref="HangLimit"/>).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_callers).WaitAsync(HangLimit + TimeSpan.FromSeconds(5), TestContextToken).ConfigureAwait(false);
    }

    public string Describe() =>
        $"Successes per caller: [{string.Join(", ", _successes)}]; typed errors per caller: [{string.Join(", ", _errors)}]; typed errors: {(_typedErrors.IsEmpty ? "none" : string.Join(", ", _typedErrors.Select(pair => $"{pair.Key} x{pair.Value}")))}; "
        + $"unexpected: {(UnexpectedCount == 0 ? "none" : $"{UnexpectedCount}, first: {string.Join(" | ", _unexpected)}")}.";

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private static CancellationToken TestContextToken => Xunit.TestContext.Current.CancellationToken;

    private async Task RunAsync(int caller)
    {
        for (long iteration = 0; !_stop.IsCancellationRequested; iteration++)
        {
            var started = Now;
            try
            {
                await _step(caller, iteration).WaitAsync(HangLimit).ConfigureAwait(false);
                Volatile.Write(ref _lastSuccess[caller], started);
                Interlocked.Increment(ref _successes[caller]);

                // A short pause keeps the callers from starving the servers (they share two cores) mid-failover.
                await Task.Delay(5).ConfigureAwait(false);
            }
            catch (Exception ex) when (_allowed(ex))
            {
                _typedErrors.AddOrUpdate(Kind(ex), 1, static (_, count) => count + 1);
                Interlocked.Increment(ref _errors[caller]);
                await Task.Delay(20).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (Interlocked.Increment(ref _unexpectedCount) <= MaxKeptErrors)
                {
                    _unexpected.Enqueue($"caller {caller} iteration {iteration}: {ex.GetType().Name}: {ex.Message}");
                }

                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }

    private static string Kind(Exception ex) => ex switch
    {
        RedisConnectionException connection => $"{nameof(RedisConnectionException)}/{connection.Failure}",
        RedisServerException server => $"{nameof(RedisServerException)}/{server.ErrorCode}",
        _ => ex.GetType().Name,
    };
}
