using System.Text;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Tests.Caching;

/// <summary>
/// A fault-injecting wrapper around a real server's executor that answers as Redis before 7.0 would a block holding
/// <c>PEXPIRE … XX</c> (the option is refused as the block is queued, so EXEC discards it); everything else goes to the server.
/// </summary>
internal sealed class PreSevenServer(IRedisExecutor server) : IRedisExecutor
{
    private int _aborted;

    /// <summary>How many blocks were refused.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    public IReadOnlyList<IRedisExecutor> Masters => server.Masters;

    public ValueTask<T> ExecuteAsync<T>(RedisCommand command, ReadOnlySpan<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken, int keyIndex = -1)
        => server.ExecuteAsync(command, args, parser, cancellationToken, keyIndex);

    public void Send(ReadOnlySpan<byte> encoded, PendingReply pending, string? routingKey)
    {
        var text = Encoding.ASCII.GetString(encoded);
        if (text.Contains("MULTI", StringComparison.Ordinal) && text.Contains("PEXPIRE", StringComparison.Ordinal) && text.Contains("\r\nXX\r\n", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _aborted);
            pending.TryFail(RedisServerException.FromReply("EXEC", routingKey, "EXECABORT Transaction discarded because of previous errors. First error while queuing: ERR wrong number of arguments for 'pexpire' command"));
            pending.ReleaseFromConnection();
            return;
        }

        server.Send(encoded, pending, routingKey);
    }

    public ValueTask<DedicatedConnection> LeaseAsync(string? routingKey, CancellationToken cancellationToken) => server.LeaseAsync(routingKey, cancellationToken);
}
