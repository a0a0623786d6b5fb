using System.Runtime.CompilerServices;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>Cursor iteration (SCAN, HSCAN, SSCAN, ZSCAN) as async streams: one page in memory at a time.</summary>
internal static class ScanCommands
{
    private static readonly RedisCommand Scan = RedisCommand.Of("SCAN");
    private static readonly RedisCommand HScan = RedisCommand.Of("HSCAN");
    private static readonly RedisCommand SScan = RedisCommand.Of("SSCAN");
    private static readonly RedisCommand ZScan = RedisCommand.Of("ZSCAN");

    private static readonly ReplyParser<ScanPage> Page = static (ref RespReader reader) =>
    {
        reader.MoveNext();
        var cursor = reader.PayloadToString();
        reader.MoveNext();
        var items = new byte[reader.Length][];
        for (var i = 0; i < items.Length; i++)
        {
            reader.MoveNext();
            items[i] = reader.PayloadToArray();
        }

        return new ScanPage(cursor, items);
    };

    /// <summary>SCAN over every master: each key present throughout is returned at least once.</summary>
    public static async IAsyncEnumerable<byte[]> ScanKeysAsync(this IRedisExecutor redis, string pattern = "*", int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var master in redis.Masters)
        {
            await foreach (var page in PagesAsync(master, Scan, key: null, pattern, pageSize, cancellationToken).ConfigureAwait(false))
            {
                foreach (var key in page.Items)
                {
                    yield return key;
                }
            }
        }
    }

    /// <summary>HSCAN: field/value pairs of a hash.</summary>
    public static async IAsyncEnumerable<KeyValuePair<byte[], byte[]>> HashScanAsync(this IRedisExecutor redis, string key, string pattern = "*", int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in PagesAsync(redis, HScan, key, pattern, pageSize, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i + 1 < page.Items.Length; i += 2)
            {
                yield return new KeyValuePair<byte[], byte[]>(page.Items[i], page.Items[i + 1]);
            }
        }
    }

    /// <summary>SSCAN: members of a set.</summary>
    public static async IAsyncEnumerable<byte[]> SetScanAsync(this IRedisExecutor redis, string key, string pattern = "*", int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in PagesAsync(redis, SScan, key, pattern, pageSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var member in page.Items)
            {
                yield return member;
            }
        }
    }

    /// <summary>ZSCAN: members of a sorted set with their scores.</summary>
    public static async IAsyncEnumerable<KeyValuePair<byte[], double>> SortedSetScanAsync(this IRedisExecutor redis, string key, string pattern = "*", int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in PagesAsync(redis, ZScan, key, pattern, pageSize, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i + 1 < page.Items.Length; i += 2)
            {
                yield return new KeyValuePair<byte[], double>(page.Items[i], double.Parse(page.Items[i + 1], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The raw pages of a cursor command, for callers that process page by page (HSCAN-based batch strategies).</summary>
    public static async IAsyncEnumerable<ScanPage> PagesAsync(IRedisExecutor redis, RedisCommand command, string? key, string pattern, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var cursor = "0";
        do
        {
            var page = key is null
                ? await redis.ExecuteAsync(command, [cursor, "MATCH", pattern, "COUNT", pageSize], Page, cancellationToken).ConfigureAwait(false)
                : await redis.ExecuteAsync(command, [key, cursor, "MATCH", pattern, "COUNT", pageSize], Page, cancellationToken, keyIndex: 0).ConfigureAwait(false);
            yield return page;
            cursor = page.Cursor;
        }
        while (cursor != "0");
    }
}

/// <summary>One page of a cursor command: the next cursor ("0" at the end) and the items (pairs flattened).</summary>
internal sealed record ScanPage(string Cursor, byte[][] Items);
