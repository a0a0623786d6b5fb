using Adapters.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Adapters;

/// <summary>
/// Runs batch handlers over a change feed on an interval: one instance at a time per group (a renewed lease),
/// at-least-once delivery (the checkpoint moves only after every handler succeeded, by compare-and-set with the
/// lease checked), and a failed batch retried as is with exponential backoff and logged.
/// </summary>
/// <typeparam name="TKey">The key type of the map.</typeparam>
/// <typeparam name="TValue">The value type of the map.</typeparam>
public sealed class ChangeBatchProcessor<TKey, TValue> : BackgroundService
    where TKey : notnull
{
    private readonly IChangeFeed<TKey, TValue> _feed;
    private readonly IReadOnlyList<IChangeBatchHandler<TKey, TValue>> _handlers;
    private readonly ChangeBatchProcessorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private ChangeFeedLease? _lease;
    private ChangeBatch<TKey, TValue>? _failedBatch;
    private int _consecutiveFailures;
    private int _running;

    /// <summary>Creates a processor; it starts with the host, or is driven by hand with <see cref="ProcessOnceAsync"/>.</summary>
    public ChangeBatchProcessor(
        IChangeFeed<TKey, TValue> feed,
        IEnumerable<IChangeBatchHandler<TKey, TValue>> handlers,
        ChangeBatchProcessorOptions options,
        ILogger<ChangeBatchProcessor<TKey, TValue>>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _feed = feed;
        _handlers = [.. handlers];
        if (_handlers.Count == 0)
        {
            throw new ArgumentException("A change batch processor needs at least one handler.", nameof(handlers));
        }

        _options = options;
        _logger = logger ?? NullLogger<ChangeBatchProcessor<TKey, TValue>>.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a processor with one delegate handler.</summary>
    public ChangeBatchProcessor(
        IChangeFeed<TKey, TValue> feed,
        Func<ChangeBatch<TKey, TValue>, CancellationToken, ValueTask> handler,
        ChangeBatchProcessorOptions options,
        ILogger<ChangeBatchProcessor<TKey, TValue>>? logger = null,
        TimeProvider? timeProvider = null)
        : this(feed, [new DelegateChangeBatchHandler<TKey, TValue>(handler ?? throw new ArgumentNullException(nameof(handler)))], options, logger, timeProvider)
    {
    }

    /// <summary>The consumer group this processor works for.</summary>
    public string Group => _options.Group;

    /// <summary>Whether this instance currently holds the group's lease.</summary>
    public bool HoldsLease => _lease is not null;

    /// <summary>
    /// Runs one cycle: makes sure of the lease, reads a batch (or takes the one that failed last time), runs every
    /// handler, then commits. Not reentrant: one cycle at a time per processor.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store failed; nothing was committed.</exception>
    public async ValueTask<ChangeBatchCycle> ProcessOnceAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("A processing cycle is already running on this processor.");
        }

        try
        {
            return await RunCycleAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Gives the group's lease back so another instance can take over at once (the host does this on stop).</summary>
    public async ValueTask ReleaseLeaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _lease, null) is { } lease)
        {
            _failedBatch = null;
            await _feed.ReleaseLeaseAsync(lease, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    var cycle = await ProcessOnceAsync(stoppingToken).ConfigureAwait(false);
                    wait = cycle switch
                    {
                        { Outcome: ChangeBatchOutcome.Handled, HasMore: true } => TimeSpan.Zero,
                        { Outcome: ChangeBatchOutcome.HandlerFailed } => RetryDelay(),
                        { Outcome: ChangeBatchOutcome.CommitRefused } => TimeSpan.Zero,
                        _ => _options.PollInterval,
                    };
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    _consecutiveFailures++;
                    wait = RetryDelay();
                    ChangeBatchProcessorLog.CycleFailed(_logger, ex, Group, _feed.Name, wait);
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: leave the loop and give the lease back below.
        }
        finally
        {
            await ReleaseOnStopAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<ChangeBatchCycle> RunCycleAsync(CancellationToken cancellationToken)
    {
        if (!await EnsureLeaseAsync(cancellationToken).ConfigureAwait(false))
        {
            // Whoever holds the lease now owns the window; a batch kept for retry is theirs to deliver.
            _failedBatch = null;
            return new ChangeBatchCycle(ChangeBatchOutcome.NotLeaseHolder);
        }

        var batch = _failedBatch
            ?? await _feed.ReadChangesAsync(Group, new ChangeReadOptions(_options.QuietPeriod, _options.MaxBatchSize), cancellationToken).ConfigureAwait(false);

        if (!batch.IsEmpty && await RunHandlersAsync(batch, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            return new ChangeBatchCycle(failure, batch.Entries.Count, batch.HasMore);
        }

        _failedBatch = null;
        if (batch.HighWaterMark == batch.Checkpoint)
        {
            return new ChangeBatchCycle(ChangeBatchOutcome.Idle);
        }

        if (!await _feed.CommitAsync(Group, batch.Checkpoint, batch.HighWaterMark, _lease, cancellationToken).ConfigureAwait(false))
        {
            ChangeBatchProcessorLog.CommitRefused(_logger, Group, _feed.Name);
            _lease = null;
            return new ChangeBatchCycle(ChangeBatchOutcome.CommitRefused, batch.Entries.Count, batch.HasMore);
        }

        _consecutiveFailures = 0;
        if (batch.IsEmpty)
        {
            return new ChangeBatchCycle(ChangeBatchOutcome.Idle);
        }

        ChangeBatchProcessorLog.Handled(_logger, batch.Entries.Count, Group, _feed.Name, batch.HighWaterMark);
        return new ChangeBatchCycle(ChangeBatchOutcome.Handled, batch.Entries.Count, batch.HasMore);
    }

    // Returns null when every handler succeeded, otherwise why the batch was not handled.
    private async ValueTask<ChangeBatchOutcome?> RunHandlersAsync(ChangeBatch<TKey, TValue> batch, CancellationToken cancellationToken)
    {
        using var handlerScope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = KeepLeaseAsync(handlerScope);
        try
        {
            foreach (var handler in _handlers)
            {
                await handler.HandleAsync(batch, handlerScope.Token).ConfigureAwait(false);
            }

            return null;
        }
        catch (OperationCanceledException) when (_lease is null && !cancellationToken.IsCancellationRequested)
        {
            // The lease was lost mid-batch (already logged): the window belongs to the next holder now.
            _failedBatch = null;
            return ChangeBatchOutcome.NotLeaseHolder;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _consecutiveFailures++;
            _failedBatch = batch;
            ChangeBatchProcessorLog.HandlerFailed(_logger, ex, Group, _feed.Name, batch.Entries.Count, _consecutiveFailures, RetryDelay());
            return ChangeBatchOutcome.HandlerFailed;
        }
        finally
        {
            await handlerScope.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
    }

    // Renews the lease every third of its duration while handlers run; cancels them if it is lost.
    private async Task KeepLeaseAsync(CancellationTokenSource handlerScope)
    {
        using var timer = new PeriodicTimer(_options.LeaseDuration / 3, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(handlerScope.Token).ConfigureAwait(false))
            {
                if (_lease is null || !await _feed.RenewLeaseAsync(_lease, _options.LeaseDuration, handlerScope.Token).ConfigureAwait(false))
                {
                    _lease = null;
                    ChangeBatchProcessorLog.LeaseLost(_logger, Group, _feed.Name);
                    await handlerScope.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (handlerScope.IsCancellationRequested)
        {
            // Handlers finished (or were cancelled): renewal ends with them.
        }
    }

    private async ValueTask<bool> EnsureLeaseAsync(CancellationToken cancellationToken)
    {
        if (_lease is not null && await _feed.RenewLeaseAsync(_lease, _options.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        _lease = await _feed.TryAcquireLeaseAsync(Group, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        return _lease is not null;
    }

    // The host is stopping: a failed release only delays the next holder until the lease expires, so log it.
    private async ValueTask ReleaseOnStopAsync()
    {
        try
        {
            await ReleaseLeaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ChangeBatchProcessorLog.ReleaseFailed(_logger, ex, Group, _feed.Name);
        }
    }

    // Exponential backoff with ±20% jitter so instances that failed together do not retry in lockstep.
    private TimeSpan RetryDelay()
    {
        var exponent = Math.Min(Math.Max(_consecutiveFailures - 1, 0), 30);
        var delay = Math.Min(_options.RetryInitialDelay.TotalMilliseconds * Math.Pow(2, exponent), _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
