using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>
/// Keeps the client's log lines in memory (its background loops log after a test may have ended, when xunit's output
/// helper no longer accepts writes) so a test can attach them to its output once its scenario is over.
/// </summary>
internal sealed class LogCapture : ILoggerFactory
{
    private const int MaxLines = 4000;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _dropped;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("LogCapture only keeps lines in memory.");

    /// <summary>Writes a line of the test's own (scenario steps) into the same timeline as the client's logs.</summary>
    public void Note(string message) => Add("test", LogLevel.Information, message, exception: null);

    /// <summary>Appends everything captured so far to the current test's output.</summary>
    public void WriteToTestOutput()
    {
        if (TestContext.Current.TestOutputHelper is not { } output)
        {
            return;
        }

        foreach (var line in _lines)
        {
            output.WriteLine(line);
        }

        if (Volatile.Read(ref _dropped) > 0)
        {
            output.WriteLine($"({_dropped} further log lines were dropped)");
        }
    }

    public void Dispose()
    {
    }

    private void Add(string category, LogLevel level, string message, Exception? exception)
    {
        if (_lines.Count >= MaxLines)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        var cause = exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})";
        _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,8:0.000} {level,-11} {category}: {message}{cause}");
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => capture.Add(category, logLevel, formatter(state, exception), exception);
    }
}
