using Adapters.Redis.Auth;
using Adapters.Redis.Commands;
using Adapters.Redis.Protocol;

namespace Adapters.Redis;

public sealed partial class RedisAuthStateStore
{
    // A writer adding a session's first key of a new type between the two steps of a clear makes the clear retry; it
    // converges at once unless writers keep adding new types, which a session has only about ten of.
    private const int MaxClearAttempts = 16;

    /// <inheritdoc />
    /// <remarks>One HMGET; while one for this session and type is in flight, concurrent calls are served by one more.</remarks>
    public ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        NameRules.ValidateKeyType(type);
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0
            ? ValueTask.FromResult<IReadOnlyDictionary<string, byte[]>>(new Dictionary<string, byte[]>(StringComparer.Ordinal))
            : _reads.GetAsync(sessionId, type, ids, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One script call whatever the number of types and keys; a value above <see cref="RedisAuthStateOptions.MaxValueBytes"/>
    /// refuses the whole change-set before anything is sent. Hashes of a type with a time to live have it restarted.
    /// </remarks>
    public async ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return;
        }

        const string Action = "apply a change-set";
        var keys = new AuthKeys(sessionId);
        var (scriptKeys, args) = ChangeSetArguments(keys, changes);
        var redis = await ExecutorAsync(Action, sessionId, cancellationToken).ConfigureAwait(false);
        long applied;
        try
        {
            applied = await redis.EvaluateAsync(AuthScripts.Apply, scriptKeys, args, Replies.Integer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AuthFailures.IsStoreFailure(ex))
        {
            throw AuthFailures.Unavailable(Action, sessionId, "EVALSHA", keys.Types, ex);
        }

        if (applied != changes.Count)
        {
            throw AuthFailures.Malformed(Action, sessionId, "EVALSHA", keys.Types, $"{applied} changes applied of {changes.Count}");
        }
    }

    /// <inheritdoc />
    /// <remarks>Unlinks every key hash of the session and its types set in one script (after one more that learns the types).</remarks>
    public ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        return RemoveAsync(sessionId, credentials: false, "clear the keys", cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        return RemoveAsync(sessionId, credentials: true, "delete", cancellationToken);
    }

    private async ValueTask<Dictionary<string, byte[]>> FetchKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        const string Action = "read keys";
        var key = AuthKeys.HashOf(sessionId, type);
        var redis = await ExecutorAsync(Action, sessionId, cancellationToken).ConfigureAwait(false);
        byte[]?[] stored;
        try
        {
            stored = await redis.HashGetManyAsync(key, ids, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AuthFailures.IsStoreFailure(ex))
        {
            throw AuthFailures.Unavailable(Action, sessionId, "HMGET", key, ex);
        }

        if (stored.Length != ids.Count)
        {
            throw AuthFailures.Malformed(Action, sessionId, "HMGET", key, $"{stored.Length} values for {ids.Count} fields");
        }

        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var i = 0;
        foreach (var id in ids)
        {
            if (stored[i++] is { } value)
            {
                result[id] = _values.Decode(value, sessionId, $"{type}/{id}");
            }
        }

        return result;
    }

    // KEYS: the types set, then one hash per type. ARGV per type: name, TTL ms, writes, deletions, id/value pairs, ids.
    private (CommandArg[] Keys, ArraySegment<CommandArg> Args) ChangeSetArguments(AuthKeys keys, AuthKeyChangeSet changes)
    {
        var types = changes.Types.ToArray();
        var scriptKeys = new CommandArg[types.Length + 1];
        scriptKeys[0] = keys.Types;
        var length = 0;
        foreach (var type in types)
        {
            length += 4;
            foreach (var (_, value) in changes.ForType(type))
            {
                if (value is not null)
                {
                    ThrowIfTooLarge(value.Length, nameof(changes));
                    length += 2;
                }
                else
                {
                    length++;
                }
            }
        }

        var args = new CommandArg[length];
        var p = 0;
        for (var t = 0; t < types.Length; t++)
        {
            var type = types[t];
            var byId = changes.ForType(type);
            scriptKeys[t + 1] = keys.Hash(type);
            var header = p;
            p += 4;
            var writes = 0;
            foreach (var (id, value) in byId)
            {
                if (value is not null)
                {
                    args[p++] = id;
                    args[p++] = _values.Encode(value);
                    writes++;
                }
            }

            foreach (var (id, value) in byId)
            {
                if (value is null)
                {
                    args[p++] = id;
                }
            }

            args[header] = type;
            args[header + 1] = _ttlMilliseconds.GetValueOrDefault(type);
            args[header + 2] = writes;
            args[header + 3] = byId.Count - writes;
        }

        return (scriptKeys, new ArraySegment<CommandArg>(args, 0, p));
    }

    private async ValueTask RemoveAsync(string sessionId, bool credentials, string action, CancellationToken cancellationToken)
    {
        var keys = new AuthKeys(sessionId);
        var redis = await ExecutorAsync(action, sessionId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> expected = [];
        for (var attempt = 1; attempt <= MaxClearAttempts; attempt++)
        {
            var scriptKeys = new CommandArg[2 + expected.Count];
            var args = new CommandArg[1 + expected.Count];
            scriptKeys[0] = keys.Types;
            scriptKeys[1] = keys.Credentials;
            args[0] = credentials ? "1" : "0";
            for (var i = 0; i < expected.Count; i++)
            {
                scriptKeys[2 + i] = keys.Hash(expected[i]);
                args[1 + i] = expected[i];
            }

            RespValue reply;
            try
            {
                reply = await redis.EvaluateAsync(AuthScripts.Clear, scriptKeys, args, Replies.Value, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (AuthFailures.IsStoreFailure(ex))
            {
                throw AuthFailures.Unavailable(action, sessionId, "EVALSHA", keys.Types, ex);
            }

            if (reply.Type == RespType.Integer && reply.AsInt64() == 1)
            {
                return;
            }

            if (!reply.Type.IsAggregate())
            {
                throw AuthFailures.Malformed(action, sessionId, "EVALSHA", keys.Types, $"a {reply.Type}");
            }

            expected = [.. reply.Items.Select(item => item.AsString() ?? throw AuthFailures.Malformed(action, sessionId, "EVALSHA", keys.Types, "a null type name"))];
        }

        throw new AuthStoreUnavailableException($"The auth-state store could not {action} session '{sessionId}': its set of key types kept changing under {MaxClearAttempts} attempts.")
        {
            SessionId = sessionId,
            Operation = "EVALSHA",
            Key = keys.Types,
        };
    }
}
