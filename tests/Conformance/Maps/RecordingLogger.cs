using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Adapters.Conformance;

/// <summary>An <see cref="ILogger{T}"/> that keeps what was logged, so tests can prove failures are not swallowed.</summary>
/// <typeparam name="T">The category type.</typeparam>
public sealed class RecordingLogger<T> : ILogger<T>
{
    /// <summary>Everything logged, in order.</summary>
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
