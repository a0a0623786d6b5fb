using Adapters.Redis.Connection;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis;

/// <summary>
/// The connection of a provider configured like Microsoft's <c>RedisCacheOptions</c>: one given up front, or one
/// opened on first use from a factory (<c>ConnectionFactory</c>), parsed options or a configuration string (looked at
/// in that order). Disposing closes it only when it was opened here from options.
/// </summary>
internal sealed class LazyConnection : IAsyncDisposable
{
    private readonly object _owner;
    private readonly RedisOptions? _options;
    private readonly Func<Task<RedisConnection>>? _factory;
    private readonly string _factoryName = "ConnectionFactory";
    private readonly ILoggerFactory? _loggerFactory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RedisConnection? _connection;
    private bool _owned;
    private int _disposed;

    /// <summary>A connection the caller keeps owning; <paramref name="owner"/> names the disposed object in errors.</summary>
    public LazyConnection(object owner, RedisConnection connection)
    {
        _owner = owner;
        _connection = connection;
    }

    /// <summary>Checks the configuration now, so a bad string fails where it is configured rather than on first use.</summary>
    /// <exception cref="ArgumentException">Nothing is configured, or the configuration string is invalid.</exception>
    public LazyConnection(object owner, string optionsName, string? configuration, RedisOptions? options, Func<Task<RedisConnection>>? factory, ILoggerFactory? loggerFactory, string paramName)
    {
        _owner = owner;
        _factory = factory;
        _factoryName = $"{optionsName}.ConnectionFactory";
        _loggerFactory = loggerFactory;
        if (factory is null)
        {
            _options = options?.Clone()
                ?? (string.IsNullOrWhiteSpace(configuration)
                    ? throw new ArgumentException($"Set {optionsName}.Configuration, {optionsName}.ConfigurationOptions or {optionsName}.ConnectionFactory.", paramName)
                    : RedisOptions.Parse(configuration));
        }
    }

    /// <summary>The connection's executor, connecting on first use.</summary>
    /// <exception cref="ObjectDisposedException">This was disposed.</exception>
    public ValueTask<IRedisExecutor> ExecutorAsync(CancellationToken cancellationToken)
        => Volatile.Read(ref _connection) is { } connection ? new(connection.Executor) : ConnectAsync(cancellationToken);

    /// <summary>Closes the connection if it was opened here; one given or from a factory stays open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var connection = Interlocked.Exchange(ref _connection, null);
            if (connection is not null && _owned)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<IRedisExecutor> ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, _owner);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, _owner);
            if (_connection is { } existing)
            {
                return existing.Executor;
            }

            var connection = _factory is { } factory
                ? await factory().ConfigureAwait(false) ?? throw new InvalidOperationException($"{_factoryName} returned null.")
                : await RedisConnection.ConnectAsync(_options!, _loggerFactory, cancellationToken).ConfigureAwait(false);
            _owned = _factory is null;
            Volatile.Write(ref _connection, connection);
            return connection.Executor;
        }
        finally
        {
            _gate.Release();
        }
    }
}
