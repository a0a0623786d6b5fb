using System.Buffers;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Cluster;

/// <summary>
/// MULTI … EXEC blocks routed by a slot map that went stale: the server refuses every queued command with MOVED or ASK
/// and aborts the block (nothing ran), so the whole block is sent again where the redirection points, like any command.
/// </summary>
internal sealed partial class ClusterTopology
{
    private static readonly RedisCommand ExecCommand = RedisCommand.Of("EXEC");

    /// <summary>A MULTI … EXEC block (its reply is EXEC's).</summary>
    private static bool IsBlock(PendingReply pending) => ReferenceEquals(pending.Command, ExecCommand);

    private void KeepBlockForRedirects(ReadOnlySpan<byte> encoded, PendingReply pending, string routingKey)
    {
        pending.SetKey(routingKey);
        pending.Retain(encoded);
        pending.Redirector = this;
    }

    /// <summary>
    /// Turns "EXECABORT …" whose first refused command was redirected into that redirection when it is about the
    /// block's own slot; when it is about another slot the block's keys span slots, and it fails with CROSSSLOT.
    /// Returns false when it failed the block.
    /// </summary>
    private static bool TryUnwrapAbortedBlock(PendingReply pending, ref string error)
    {
        if (!error.StartsWith("EXECABORT", StringComparison.Ordinal) || pending.FirstQueuedError is not { } first
            || !(first.StartsWith("MOVED ", StringComparison.Ordinal) || first.StartsWith("ASK ", StringComparison.Ordinal)) || pending.KeyText is not { } routingKey)
        {
            return true;
        }

        var parts = first.Split(' ');
        if (parts.Length >= 3 && int.TryParse(parts[1], out var slot) && slot == HashSlot.Of(routingKey))
        {
            error = first;
            return true;
        }

        pending.TryFail(RedisServerException.FromReply(pending.Command.Name, routingKey, $"CROSSSLOT Keys in request don't hash to the same slot (a queued command was refused with {parts[0]}: its key is not in the slot of the transaction's routing key)"));
        return false;
    }

    /// <summary>Expects MULTI's +OK and every +QUEUED again before EXEC's reply, for the block's next attempt.</summary>
    private static void RewindBlock(PendingReply pending)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(pending.Retained));
        var commands = 0;
        while (reader.TrySkipValue())
        {
            commands++;
        }

        pending.ExpectLeadingFrames(commands - 1);
    }
}
