using System.Buffers;
using System.Runtime.CompilerServices;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>EVALSHA with a transparent SCRIPT LOAD on NOSCRIPT.</summary>
internal static class ScriptCommands
{
    private static readonly RedisCommand EvalSha = RedisCommand.Of("EVALSHA");
    private static readonly RedisCommand Script = RedisCommand.Of("SCRIPT");

    /// <summary>
    /// Runs <paramref name="script"/> with KEYS and ARGV; on a cluster it runs on the owner of the first key (all keys
    /// must share its slot). A server that does not have the script gets it loaded and the call is repeated once.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<T> EvaluateAsync<T>(this IRedisExecutor redis, RedisScript script, IReadOnlyList<CommandArg> keys, IReadOnlyList<CommandArg> args, ReplyParser<T> parser, CancellationToken cancellationToken = default)
    {
        var length = 2 + keys.Count + args.Count;
        var all = ArrayPool<CommandArg>.Shared.Rent(length);
        try
        {
            all[0] = script.Sha1;
            all[1] = keys.Count;
            for (var i = 0; i < keys.Count; i++)
            {
                all[2 + i] = keys[i];
            }

            for (var i = 0; i < args.Count; i++)
            {
                all[2 + keys.Count + i] = args[i];
            }

            var keyIndex = keys.Count > 0 ? 2 : -1;
            try
            {
                return await redis.ExecuteAsync(EvalSha, all.AsSpan(0, length), parser, cancellationToken, keyIndex).ConfigureAwait(false);
            }
            catch (RedisServerException missing) when (missing.ErrorCode == "NOSCRIPT")
            {
                await LoadAsync(redis, script, cancellationToken).ConfigureAwait(false);
                return await redis.ExecuteAsync(EvalSha, all.AsSpan(0, length), parser, cancellationToken, keyIndex).ConfigureAwait(false);
            }
        }
        finally
        {
            Array.Clear(all, 0, length);
            ArrayPool<CommandArg>.Shared.Return(all);
        }
    }

    /// <summary>SCRIPT LOAD on every master (the script cache is per server).</summary>
    public static async ValueTask LoadAsync(this IRedisExecutor redis, RedisScript script, CancellationToken cancellationToken = default)
    {
        foreach (var master in redis.Masters)
        {
            var sha = await master.ExecuteAsync(Script, ["LOAD", script.Source], Replies.Text, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(sha, script.Sha1, StringComparison.Ordinal))
            {
                throw new RedisProtocolException($"SCRIPT LOAD returned {sha}, expected {script.Sha1}.");
            }
        }
    }
}
