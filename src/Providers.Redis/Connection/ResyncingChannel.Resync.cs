using Adapters.Redis.Commands;

namespace Adapters.Redis.Connection;

/// <summary>Receiving: decoding, delivering to the handlers and the resynchronization after a reconnect.</summary>
internal sealed partial class ResyncingChannel<T, TCodec>
{
    private readonly string _channelId = Guid.NewGuid().ToString("N");
    private Resync? _resync;
    private long _markers;

    private void OnMessage(RedisMessage message)
    {
        T? invalidation;
        string? marker;
        try
        {
            (invalidation, marker) = TCodec.Decode(message.Payload);
        }
        catch (InvalidDataException ex)
        {
            // Something changed that we cannot tell: everything may be stale.
            ResyncingChannelLog.Undecodable(_logger, _subject, Name, ex);
            Deliver(TCodec.Everything());
            return;
        }

        if (invalidation is not null)
        {
            Deliver(invalidation);
        }
        else if (marker is not null && marker.StartsWith(_channelId, StringComparison.Ordinal) && Volatile.Read(ref _resync) is { } resync && resync.Arrived())
        {
            Deliver(TCodec.Everything());
        }
    }

    private void OnReconnected()
    {
        ResyncingChannelLog.Resubscribed(_logger, _subject, Name);
        Deliver(TCodec.Everything());
        var resync = new Resync();
        Interlocked.Exchange(ref _resync, resync)?.Cancel();
        _ = ResyncAsync(resync);
    }

    // The subscription is restored asynchronously to the reconnect: a message published before the server took our
    // SUBSCRIBE again is missed, and a reader may have cached an old value after the first flush. A marker published
    // after that point comes back only through the restored subscription; when it does, flushing once more covers the
    // gap. It is published again (with backoff) until it comes back or a newer reconnect takes over.
    private async Task ResyncAsync(Resync resync)
    {
        for (var attempt = 0; !resync.IsCancelled && !Volatile.Read(ref _disposed); attempt++)
        {
            // Any marker of this channel that comes back proves the restored subscription: the server delivers a
            // message on the new connection only if it processed it after our SUBSCRIBE.
            var marker = $"{_channelId}:{Interlocked.Increment(ref _markers)}";
            try
            {
                var connection = await ConnectionAsync(CancellationToken.None).ConfigureAwait(false);
                await connection.Executor.PublishAsync(Name, TCodec.EncodeMarker(marker), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnavailable(ex))
            {
                ResyncingChannelLog.MarkerFailed(_logger, _subject, Name, ex);
            }

            var wait = TimeSpan.FromMilliseconds(Math.Min(25 << Math.Min(attempt, 7), 2000));
            if (await resync.WaitAsync(wait).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private void Deliver(T invalidation)
    {
        if (_handlers.Deliver(invalidation) is { } failures)
        {
            foreach (var failure in failures)
            {
                ResyncingChannelLog.HandlerFailed(_logger, _subject, Name, failure);
            }
        }
    }

    /// <summary>One resynchronization after a reconnect, done when a marker of this channel comes back.</summary>
    private sealed class Resync
    {
        private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsCancelled => _done.Task is { IsCompleted: true, Result: false };

        /// <summary>True the first time only: later markers of the same resync flush nothing more.</summary>
        public bool Arrived() => _done.TrySetResult(true);

        /// <summary>A newer reconnect took over.</summary>
        public void Cancel() => _done.TrySetResult(false);

        public async Task<bool> WaitAsync(TimeSpan wait)
        {
            await ((Task)_done.Task).WaitAsync(wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return _done.Task.IsCompleted;
        }
    }
}
