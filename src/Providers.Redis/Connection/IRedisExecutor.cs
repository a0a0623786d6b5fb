using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>Where commands go: one server, a cluster routed by key slot, or the master a sentinel names.</summary>
internal interface IRedisExecutor
{
    /// <summary>
    /// Sends a command and returns its parsed reply. <paramref name="keyIndex"/> points at the argument that is the
    /// command's key (routing on a cluster, naming in errors), or is -1 for keyless commands.
    /// </summary>
    ValueTask<T> ExecuteAsync<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken, int keyIndex = -1);

    /// <summary>Sends an encoded command for a prepared <paramref name="pending"/>, routed by <paramref name="routingKey"/> on a cluster.</summary>
    void Send(ReadOnlySpan<byte> encoded, PendingReply pending, string? routingKey);

    /// <summary>The executors of every master (one for a single server): for SCAN, SCRIPT LOAD and the like.</summary>
    IReadOnlyList<IRedisExecutor> Masters { get; }

    /// <summary>A connection reserved for one caller (WATCH/MULTI/EXEC) to the server owning <paramref name="routingKey"/>.</summary>
    ValueTask<DedicatedConnection> LeaseAsync(string? routingKey, CancellationToken cancellationToken);
}
