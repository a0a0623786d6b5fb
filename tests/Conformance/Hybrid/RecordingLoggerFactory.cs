using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Adapters.Conformance.Hybrid;

/// <summary>An <see cref="ILoggerFactory"/> whose loggers keep every entry, so tests can prove failures are logged.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    /// <summary>Everything logged by every category, in order.</summary>
    public ConcurrentQueue<LogRecord> Entries { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Providers are not used: every logger records here.</summary>
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    /// <summary>The entries at <see cref="LogLevel.Warning"/> or above.</summary>
    public IReadOnlyList<LogRecord> Warnings => [.. Entries.Where(e => e.Level >= LogLevel.Warning)];

    private sealed class Logger(RecordingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Entries.Enqueue(new LogRecord(category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>One log entry.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record LogRecord(string Category, LogLevel Level, string Message, Exception? Exception);
