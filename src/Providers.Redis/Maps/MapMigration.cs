using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis.Maps;

/// <summary>
/// Builds a map's sorted index online (the seed plan's dual-write phase): the state goes to "building" first, so every
/// writer maintains the index from then on; the timestamps hash is then backfilled in HSCAN pages, each indexed with the
/// fields' current stamps; the cursor is saved after every page, so a stopped migration resumes where it was; at the end
/// the state becomes "ready" and SortedIndex reads switch to the index.
/// </summary>
internal sealed class MapMigration(IRedisExecutor redis, MapKeys keys, ILogger logger)
{
    private static readonly RedisCommand HScan = RedisCommand.Of("HSCAN");
    private static readonly RedisCommand Get = RedisCommand.Of("GET");
    private static readonly RedisCommand Set = RedisCommand.Of("SET");

    public async Task<MapMigrationStatus> RunAsync(int pageSize, IProgress<MapMigrationStatus>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        if (await StateAsync(cancellationToken).ConfigureAwait(false) == MapIndexState.Ready)
        {
            return await StatusAsync(cancellationToken).ConfigureAwait(false);
        }

        await redis.ExecuteAsync(Set, [keys.IndexState, "building", "NX"], Replies.Ok, cancellationToken, keyIndex: 0).ConfigureAwait(false);
        var saved = await redis.HashGetManyAsync(keys.Migration, ["cursor", "processed"], cancellationToken).ConfigureAwait(false);
        var cursor = saved[0] is { } c ? System.Text.Encoding.ASCII.GetString(c) : "0";
        var processed = saved[1] is { } p ? MapFeedParse(p) : 0;
        var total = await redis.HashLengthAsync(keys.Timestamps, cancellationToken).ConfigureAwait(false);
        do
        {
            var page = await redis.ExecuteAsync(HScan, [keys.Timestamps, cursor, "COUNT", pageSize], ScanReply, cancellationToken, keyIndex: 0).ConfigureAwait(false);
            var fields = new CommandArg[page.Items.Length / 2];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = page.Items[2 * i];
            }

            // HSCAN's COUNT is a hint: a page may exceed what one script can unpack, so it is backfilled in chunks.
            foreach (var chunk in fields.Chunk(MapScripts.MaxChunk))
            {
                processed += await redis.EvaluateAsync(MapScripts.Backfill, [keys.Timestamps, keys.Index], chunk, Replies.Integer, cancellationToken).ConfigureAwait(false);
            }

            cursor = page.Cursor;
            await redis.HashSetAsync(keys.Migration, [new("cursor", System.Text.Encoding.ASCII.GetBytes(cursor)), new("processed", System.Text.Encoding.ASCII.GetBytes(processed.ToString(System.Globalization.CultureInfo.InvariantCulture)))], cancellationToken).ConfigureAwait(false);
            var status = new MapMigrationStatus(MapIndexState.Building, processed, total);
            progress?.Report(status);
            MapLog.MigrationProgress(logger, keys.Name, processed, total);
        }
        while (cursor != "0");

        await redis.ExecuteAsync(Set, [keys.IndexState, "ready"], Replies.Ok, cancellationToken, keyIndex: 0).ConfigureAwait(false);
        await redis.UnlinkAsync(keys.Migration, cancellationToken).ConfigureAwait(false);
        var done = await StatusAsync(cancellationToken).ConfigureAwait(false);
        progress?.Report(done);
        return done;
    }

    public async Task<MapMigrationStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var state = await StateAsync(cancellationToken).ConfigureAwait(false);
        var total = await redis.HashLengthAsync(keys.Timestamps, cancellationToken).ConfigureAwait(false);
        var processed = state switch
        {
            MapIndexState.Ready => total,
            MapIndexState.Building => await redis.HashGetAsync(keys.Migration, "processed", cancellationToken).ConfigureAwait(false) is { } p ? MapFeedParse(p) : 0,
            _ => 0,
        };
        return new MapMigrationStatus(state, processed, total);
    }

    private async Task<MapIndexState> StateAsync(CancellationToken cancellationToken)
        => await redis.ExecuteAsync(Get, [keys.IndexState], Replies.Text, cancellationToken, keyIndex: 0).ConfigureAwait(false) switch
        {
            "ready" => MapIndexState.Ready,
            "building" => MapIndexState.Building,
            _ => MapIndexState.None,
        };

    private static long MapFeedParse(byte[] digits) => Collectors.MapFeedContext.ParseStamp(digits);

    private static readonly ReplyParser<ScanPage> ScanReply = static (ref RespReader reader) =>
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
}
