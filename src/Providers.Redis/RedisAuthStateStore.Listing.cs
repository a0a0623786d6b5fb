using System.Runtime.CompilerServices;
using System.Text;
using Adapters.Redis.Auth;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;

namespace Adapters.Redis;

public sealed partial class RedisAuthStateStore
{
    private const int ScanPageSize = 1000;

    private static readonly RedisCommand Scan = RedisCommand.Of("SCAN");
    private static readonly RedisCommand HScan = RedisCommand.Of("HSCAN");

    /// <inheritdoc />
    /// <remarks>
    /// SCAN (never KEYS) over every master for <c>auth:{*}:creds</c> and <c>auth:{*}:types</c>, a page of 1,000 at a
    /// time. Each session is listed once: the ids already listed are remembered for the duration of the listing. As
    /// with SCAN, a session created or deleted while the listing runs may or may not appear.
    /// </remarks>
    public IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return ListSessionsCoreAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// SMEMBERS of the session's types set, then HSCAN of each type's hash, a page of 1,000 at a time; each key is listed
    /// once (the ids of the type being scanned are remembered while it is).
    /// </remarks>
    public IAsyncEnumerable<(string Type, string Id)> ListKeysAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Enter(sessionId, cancellationToken);
        return ListKeysCoreAsync(sessionId, cancellationToken);
    }

    private async IAsyncEnumerable<string> ListSessionsCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string Action = "list the sessions";
        var redis = await ExecutorAsync(Action, sessionId: null, cancellationToken).ConfigureAwait(false);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var master in redis.Masters)
        {
            await using var pages = ScanCommands.PagesAsync(master, Scan, key: null, AuthKeys.SessionPattern, ScanPageSize, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await NextPageAsync(pages, Action, sessionId: null, "SCAN", key: null).ConfigureAwait(false) is { } page)
            {
                foreach (var key in page.Items)
                {
                    if (AuthKeys.TryParseSession(Encoding.UTF8.GetString(key), out var sessionId) && listed.Add(sessionId))
                    {
                        yield return sessionId;
                    }
                }
            }
        }
    }

    private async IAsyncEnumerable<(string Type, string Id)> ListKeysCoreAsync(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string Action = "list the keys";
        var keys = new AuthKeys(sessionId);
        var redis = await ExecutorAsync(Action, sessionId, cancellationToken).ConfigureAwait(false);
        byte[][] types;
        try
        {
            types = await redis.SetMembersAsync(keys.Types, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AuthFailures.IsStoreFailure(ex))
        {
            throw AuthFailures.Unavailable(Action, sessionId, "SMEMBERS", keys.Types, ex);
        }

        foreach (var type in types.Select(Encoding.UTF8.GetString).Order(StringComparer.Ordinal))
        {
            var hash = keys.Hash(type);
            var listed = new HashSet<string>(StringComparer.Ordinal);
            await using var pages = ScanCommands.PagesAsync(redis, HScan, hash, "*", ScanPageSize, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await NextPageAsync(pages, Action, sessionId, "HSCAN", hash).ConfigureAwait(false) is { } page)
            {
                for (var i = 0; i + 1 < page.Items.Length; i += 2)
                {
                    var id = Encoding.UTF8.GetString(page.Items[i]);
                    if (listed.Add(id))
                    {
                        yield return (type, id);
                    }
                }
            }
        }
    }

    // Iterators cannot yield inside a try with a catch, so each page is fetched here, where failures are translated.
    private static async ValueTask<ScanPage?> NextPageAsync(IAsyncEnumerator<ScanPage> pages, string action, string? sessionId, string command, string? key)
    {
        try
        {
            return await pages.MoveNextAsync().ConfigureAwait(false) ? pages.Current : null;
        }
        catch (Exception ex) when (AuthFailures.IsStoreFailure(ex))
        {
            throw AuthFailures.Unavailable(action, sessionId, command, key, ex);
        }
    }
}
