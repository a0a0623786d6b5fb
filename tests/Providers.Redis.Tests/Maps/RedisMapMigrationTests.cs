using System.Globalization;
using System.Text;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Maps;

public sealed class RedisMapMigrationTests(RedisServers servers) : RedisMapTestKit(servers)
{
    private static readonly RedisCommand ZRange = RedisCommand.Of("ZRANGE");

    [Fact]
    public async Task A_migration_under_concurrent_writes_ends_with_an_index_equal_to_the_timestamps_hash()
    {
        var name = NewName("migrate");
        await using var old = Open<int>(name, ChangeScanStrategy.IncrementalScan);
        await DrainAsync(old, "g"); // a group makes removals leave tombstones, which the index must carry too
        await old.SetManyAsync(Enumerable.Range(0, 20_000).Select(i => KeyValuePair.Create($"k{i}", i)), Ct);
        Assert.Equal(MapIndexState.None, (await Store.GetMigrationStatusAsync(name, Ct)).State);

        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var writes = 0;
            while (!stop.IsCancellationRequested)
            {
                var key = $"k{random.Next(25_000)}";
                if (random.Next(4) == 0)
                {
                    await old.RemoveAsync(key, Ct);
                }
                else
                {
                    await old.SetAsync(key, writes, Ct);
                }

                writes++;
            }

            return writes;
        }, Ct)).ToList();

        var reports = new List<MapMigrationStatus>();
        var status = await Store.MigrateToSortedIndexAsync(name, new SyncProgress(reports.Add), pageSize: 500, Ct);
        await stop.CancelAsync();
        var written = (await Task.WhenAll(writers)).Sum();

        Assert.Equal(MapIndexState.Ready, status.State);
        Assert.True(written > 0);
        Assert.Contains(reports, report => report.State == MapIndexState.Building && report.Processed > 0);
        await AssertIndexMatchesHashAsync(name);
    }

    [Fact]
    public async Task An_interrupted_migration_resumes_from_its_cursor_and_completes()
    {
        var name = NewName("resume");
        await using var old = Open<int>(name, ChangeScanStrategy.FullHash);
        await old.SetManyAsync(Enumerable.Range(0, 10_000).Select(i => KeyValuePair.Create($"k{i}", i)), Ct);
        using var interrupt = new CancellationTokenSource();
        var pages = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.MigrateToSortedIndexAsync(
            name,
            new SyncProgress(_ =>
            {
                if (++pages == 3)
                {
                    interrupt.Cancel();
                }
            }),
            pageSize: 500,
            interrupt.Token));
        var halfway = await Store.GetMigrationStatusAsync(name, Ct);
        Assert.Equal(MapIndexState.Building, halfway.State);
        Assert.InRange(halfway.Processed, 1, 9_999);

        await old.SetAsync("written-mid-migration", 1, Ct);
        var status = await Store.MigrateToSortedIndexAsync(name, pageSize: 500, cancellationToken: Ct);

        Assert.Equal(new MapMigrationStatus(MapIndexState.Ready, 10_001, 10_001), status);
        await AssertIndexMatchesHashAsync(name);
    }

    [Fact]
    public async Task A_sorted_index_reader_falls_back_to_scanning_until_the_index_is_ready_then_uses_it()
    {
        var name = NewName("switch");
        await using var dedicated = await DedicatedAsync();
        await using var old = dedicated.Store.GetMap(name, new RedisMapOptions<string, int> { Strategy = ChangeScanStrategy.IncrementalScan });
        await using var modern = dedicated.Store.GetMap(name, new RedisMapOptions<string, int> { Strategy = ChangeScanStrategy.SortedIndex });
        await old.SetManyAsync(Enumerable.Range(0, 100).Select(i => KeyValuePair.Create($"k{i}", i)), Ct);
        await PassQuietAsync();

        Assert.Equal(100, (await DrainAsync(modern, "before")).Count);
        await dedicated.Store.MigrateToSortedIndexAsync(name, cancellationToken: Ct);
        await old.SetAsync("k1", 1000, Ct);
        await PassQuietAsync();

        var scriptsBefore = await CommandCallsAsync(dedicated.Redis, "evalsha");
        var scansBefore = await CommandCallsAsync(dedicated.Redis, "hscan");
        var after = await DrainAsync(modern, "before");
        Assert.Equal("k1", Assert.Single(after).Key);

        // One script for the index page plus one for the commit, and no scan at all.
        Assert.Equal(2, await CommandCallsAsync(dedicated.Redis, "evalsha") - scriptsBefore);
        Assert.Equal(scansBefore, await CommandCallsAsync(dedicated.Redis, "hscan"));
    }

    private async Task AssertIndexMatchesHashAsync(string name)
    {
        var hash = (await Redis.HashGetAllAsync($"map:{{{name}}}:__meta:timestamps", Ct))
            .ToDictionary(pair => Encoding.UTF8.GetString(pair.Key), pair => long.Parse(pair.Value, CultureInfo.InvariantCulture));
        var index = await Redis.ExecuteAsync(ZRange, [$"map:{{{name}}}:__meta:ts-index", 0, -1, "WITHSCORES"], Replies.Value, Ct, keyIndex: 0);
        // RESP3 answers WITHSCORES with [member, score] pairs, RESP2 with a flat list.
        var indexed = new Dictionary<string, long>();
        var flat = index.Items.SelectMany(item => item.Items.Count == 2 ? item.Items : [item]).ToList();
        for (var i = 0; i + 1 < flat.Count; i += 2)
        {
            indexed[flat[i].AsString()!] = (long)flat[i + 1].AsDouble();
        }

        Assert.Equal(hash.Count, indexed.Count);
        Assert.Equal(hash.OrderBy(p => p.Key, StringComparer.Ordinal), indexed.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    // Progress<T> posts to the thread pool; the tests want the report at once, on the migrating thread.
    private sealed class SyncProgress(Action<MapMigrationStatus> report) : IProgress<MapMigrationStatus>
    {
        public void Report(MapMigrationStatus value) => report(value);
    }
}
