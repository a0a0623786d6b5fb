using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Maps;

/// <summary>
/// Pages larger than Lua can unpack at once (~8000 values): a 1% batch of a 1M map is 10,000 entries, and an HSCAN
/// page may exceed its COUNT hint. Scripts must slice them rather than fail with "too many results to unpack".
/// </summary>
public sealed class RedisMapLargePageTests(RedisServers servers) : RedisMapTestKit(servers)
{
    private const int Entries = 10_000;

    [Theory]
    [InlineData(ChangeScanStrategy.SortedIndex)]
    [InlineData(ChangeScanStrategy.IncrementalScan)]
    [InlineData(ChangeScanStrategy.ServerScript)]
    [InlineData(ChangeScanStrategy.FullHash)]
    public async Task One_batch_of_ten_thousand_entries_comes_whole(ChangeScanStrategy strategy)
    {
        var name = NewName("large-batch");
        await using var map = Open<int>(name, strategy);
        await map.SetManyAsync(Enumerable.Range(0, Entries).Select(i => KeyValuePair.Create($"k{i}", i)), Ct);
        await PassQuietAsync();

        var batch = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet, Entries), Ct);

        Assert.False(batch.HasMore);
        Assert.Equal(Entries, batch.Entries.Count);
        Assert.All(batch.Entries, entry => Assert.Equal($"k{entry.Value}", entry.Key));
    }

    [Fact]
    public async Task A_migration_with_pages_larger_than_a_script_takes_indexes_every_entry()
    {
        var name = NewName("large-migration");
        await using (var old = Open<int>(name, ChangeScanStrategy.FullHash))
        {
            await old.SetManyAsync(Enumerable.Range(0, Entries).Select(i => KeyValuePair.Create($"k{i}", i)), Ct);
        }

        var status = await Store.MigrateToSortedIndexAsync(name, pageSize: 20_000, cancellationToken: Ct);

        Assert.Equal(new MapMigrationStatus(MapIndexState.Ready, Entries, Entries), status);
        Assert.Equal(Entries, await Redis.SortedSetLengthAsync($"map:{{{name}}}:__meta:ts-index", Ct));
    }
}
