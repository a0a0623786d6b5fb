using Adapters.Redis.Commands;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>
/// RESP3 client-side caching in broadcast mode: the subscriber connection turns CLIENT TRACKING on for key prefixes
/// and receives the server's invalidation pushes for every key written under them, by anyone.
/// </summary>
internal sealed partial class Subscriber
{
    private static readonly RedisCommand Client = RedisCommand.Of("CLIENT");

    /// <summary>
    /// Starts broadcast tracking of <paramref name="prefixes"/>; <paramref name="onInvalidate"/> receives the keys
    /// written, or null when the server flushed everything (or the connection was re-established: state may be stale).
    /// </summary>
    /// <exception cref="NotSupportedException">The server speaks only RESP2 (tracking pushes need RESP3).</exception>
    public async Task EnableTrackingAsync(IReadOnlyList<string> prefixes, Action<IReadOnlyList<string>?> onInvalidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(onInvalidate);
        TrackingRegistration registration;
        lock (_gate)
        {
            if (_tracking is not null)
            {
                throw new InvalidOperationException("Tracking is already enabled on this connection.");
            }

            _tracking = registration = new TrackingRegistration([.. prefixes], onInvalidate);
        }

        try
        {
            await SendTrackingAsync(registration, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The caller learns tracking is off: a reconnect must not replay it (nor may a retry be refused as a duplicate).
            lock (_gate)
            {
                if (ReferenceEquals(_tracking, registration))
                {
                    _tracking = null;
                }
            }

            throw;
        }
    }

    private async Task SendTrackingAsync(TrackingRegistration tracking, CancellationToken cancellationToken)
    {
        if (_pool.Server is { Protocol: < 3 })
        {
            throw new NotSupportedException("CLIENT TRACKING invalidation pushes need RESP3; this server speaks RESP2 only.");
        }

        var args = new List<CommandArg> { "TRACKING", "ON", "BCAST" };
        foreach (var prefix in tracking.Prefixes)
        {
            args.Add("PREFIX");
            args.Add(prefix);
        }

        await _pool.ExecuteAsync(Client, args.ToArray(), Replies.Ok, cancellationToken).ConfigureAwait(false);
    }

    private void Invalidate(ref RespReader frame)
    {
        frame.MoveNext();
        List<string>? keys = null;
        if (!frame.IsNull)
        {
            var count = frame.Length;
            keys = new List<string>((int)count);
            for (var i = 0; i < count; i++)
            {
                frame.MoveNext();
                keys.Add(frame.PayloadToString());
            }
        }

        var tracking = _tracking;
        if (tracking is null)
        {
            return;
        }

        try
        {
            tracking.OnInvalidate(keys);
        }
        catch (Exception ex)
        {
            SubscriberLog.HandlerFailed(_logger, "__redis__:invalidate", ex);
        }
    }

    // After a reconnect: re-subscribe everything, turn tracking back on, and tell listeners they may have missed
    // messages (tracking listeners get null: everything may be stale).
    private async Task RestoreAsync()
    {
        (SubscriptionKind Kind, string Channel)[] subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _handlers.Keys];
        }

        foreach (var (kind, channel) in subscriptions)
        {
            _pool.TrySendWithoutReply(Encode(SubscribeCommand(kind), channel));
        }

        try
        {
            if (_tracking is { } tracking)
            {
                await SendTrackingAsync(tracking, CancellationToken.None).ConfigureAwait(false);
                tracking.OnInvalidate(null);
            }
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisServerException or RedisTimeoutException)
        {
            SubscriberLog.RestoreFailed(_logger, ex);
        }

        Reconnected?.Invoke();
    }

    private sealed record TrackingRegistration(string[] Prefixes, Action<IReadOnlyList<string>?> OnInvalidate);
}
