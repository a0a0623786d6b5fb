using System.Buffers;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>
/// Commands executed atomically with MULTI … EXEC. The whole block is written in one piece, so it is safe on a shared
/// connection; with WATCH (optimistic locking) it must run on a leased connection, see <see cref="ExecuteAsync(PhysicalConnection, CancellationToken)"/>.
/// </summary>
internal sealed class RedisTransaction
{
    private static readonly RedisCommand Exec = RedisCommand.Of("EXEC");
    private static readonly ReplyParser<RespValue?> ExecReply = static (ref RespReader reader) => reader.IsNull ? null : RespValue.Read(ref reader);

    private readonly ArrayBufferWriter<byte> _encoded = new(256);

    public RedisTransaction() => _encoded.Write("*1\r\n$5\r\nMULTI\r\n"u8);

    public int Count { get; private set; }

    /// <summary>Queues a command.</summary>
    public RedisTransaction Add(RedisCommand command, params ReadOnlySpan<CommandArg> args)
    {
        _encoded.Write(CommandEncoder.Encode(command, args));
        Count++;
        return this;
    }

    /// <summary>Runs the block on a shared connection (routed by <paramref name="routingKey"/> on a cluster).</summary>
    /// <returns>EXEC's replies, one per command (errors of individual commands included as error values).</returns>
    public async ValueTask<RespValue> ExecuteAsync(IRedisExecutor redis, string? routingKey, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = Prepare(cancellationToken);
        redis.Send(Encoded(), pending, routingKey);
        return await pending.Task.ConfigureAwait(false) ?? throw new RedisProtocolException("EXEC returned null on a connection without WATCH.");
    }

    /// <summary>Runs the block on a leased connection after WATCH; null when a watched key changed (nothing ran).</summary>
    public ValueTask<RespValue?> ExecuteAsync(PhysicalConnection connection, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RespValue?>(cancellationToken);
        }

        var pending = Prepare(cancellationToken);
        if (!connection.TrySendEncoded(Encoded(), pending))
        {
            pending.TryFail(connection.NotUsable(Exec));
            pending.ReleaseFromConnection();
        }

        return pending.Task;
    }

    private PendingReply<RespValue?> Prepare(CancellationToken cancellationToken)
    {
        var pending = PendingReply<RespValue?>.Rent(Exec, ExecReply, cancellationToken);
        pending.ExpectLeadingFrames(Count + 1);
        return pending;
    }

    private ReadOnlySpan<byte> Encoded()
    {
        var encoded = new ArrayBufferWriter<byte>(_encoded.WrittenCount + 16);
        encoded.Write(_encoded.WrittenSpan);
        encoded.Write("*1\r\n$4\r\nEXEC\r\n"u8);
        return encoded.WrittenSpan;
    }
}
