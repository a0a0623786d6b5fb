using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>
/// A pooled <see cref="PendingReply"/> that is also the <see cref="IValueTaskSource{T}"/> its caller awaits.
/// It returns to the pool once both owners let go: the connection (reply consumed) and the caller (result read).
/// Continuations run inline on the thread that read the reply: no thread hop between reply and caller.
/// </summary>
internal sealed class PendingReply<T> : PendingReply, IValueTaskSource<T>
{
    private const int MaxPooled = 1024;
    private static readonly ConcurrentQueue<PendingReply<T>> Pool = new();

    private ManualResetValueTaskSourceCore<T> _core;
    private ReplyParser<T> _parser = null!;
    private int _owners;

    public ValueTask<T> Task => new(this, _core.Version);

    public static PendingReply<T> Rent(RedisCommand command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        if (!Pool.TryDequeue(out var pending))
        {
            pending = new PendingReply<T>();
        }

        pending.Initialize(command, cancellationToken);
        pending._parser = parser;
        pending._owners = 2;
        if (cancellationToken.IsCancellationRequested)
        {
            pending.TryFail(new OperationCanceledException(cancellationToken));
        }

        return pending;
    }

    public T GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    public override void ReleaseFromConnection() => Release();

    public override void AddConnectionOwner() => Interlocked.Increment(ref _owners);

    protected override void CompleteWithReply(ref RespReader reader)
    {
        T result;
        try
        {
            result = _parser(ref reader);
        }
        catch (Exception ex) when (ex is RespProtocolException or InvalidCastException or FormatException)
        {
            CompleteWithException(new RedisProtocolException(ex, Command.Name));
            return;
        }

        SettleCancellation();
        _core.SetResult(result);
    }

    protected override void CompleteWithException(Exception exception)
    {
        SettleCancellation(exception);
        _core.SetException(exception);
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _owners) != 0)
        {
            return;
        }

        ReturnRetained();
        _core.Reset();
        _parser = null!;
        if (Pool.Count < MaxPooled)
        {
            Pool.Enqueue(this);
        }
    }
}
