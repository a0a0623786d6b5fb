using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>Sending one command on this very connection (handshakes, pools, transactions use it).</summary>
internal sealed partial class PhysicalConnection
{
    /// <summary>Sends a command and returns its reply; fails with <see cref="RedisConnectionException"/> when the connection is not usable.</summary>
    public ValueTask<T> ExecuteAsync<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken)
        => Execute(command, args, parser, internalCommand: false, cancellationToken);

    /// <summary>Sends already encoded bytes (a redirected or backlogged command) for <paramref name="pending"/>.</summary>
    public bool TrySendEncoded(ReadOnlySpan<byte> encoded, PendingReply pending) => TryEnqueue(encoded, pending, internalCommand: false);

    private ValueTask<T> ExecuteInternal<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken)
        => Execute(command, args, parser, internalCommand: true, cancellationToken);

    private ValueTask<T> Execute<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, bool internalCommand, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var pending = PendingReply<T>.Rent(command, parser, cancellationToken);
        if (!TryEnqueue(CommandEncoder.Encode(command, args), pending, internalCommand))
        {
            pending.TryFail(NotUsable(command));
            pending.ReleaseFromConnection();
        }

        return pending.Task;
    }

    /// <summary>The error for a command refused because the connection is broken or disposed.</summary>
    public RedisConnectionException NotUsable(RedisCommand command)
        => _state == ConnectionState.Disposed
            ? new RedisConnectionException(RedisConnectionFailure.Disposed, EndPointText, command.Name, $"The connection to Redis at {EndPointText} was disposed.")
            : new RedisConnectionException(RedisConnectionFailure.ConnectionLost, EndPointText, command.Name, $"The connection to Redis at {EndPointText} is broken; {command.Name} was not sent.", _failure);
}
