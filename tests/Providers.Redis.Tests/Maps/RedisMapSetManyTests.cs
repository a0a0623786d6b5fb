using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Maps;

/// <summary>
/// Set-many writes a chunk with one HSET, one HSET of stamps and one ZADD, and keeps several chunks in flight: these
/// tests pin that it still behaves as if every entry were set one by one, in order.
/// </summary>
public sealed class RedisMapSetManyTests(RedisServers servers) : RedisMapTestKit(servers)
{
    [Fact]
    public async Task A_key_repeated_within_and_across_chunks_ends_with_its_last_value_and_is_added_once()
    {
        var name = NewName("repeats");
        await using var map = Store.GetMap(name, new RedisMapOptions<string, int> { ChunkSize = 4 });
        var changes = new List<MapChange<string, int>>();
        using var _ = map.Changes.Subscribe(changes.Add);

        // "a" twice in the first chunk, again in the third; "b" in the first and the second.
        string[] keys = ["a", "b", "a", "c", "b", "d", "e", "f", "a", "g"];
        await map.SetManyAsync(keys.Select((key, i) => KeyValuePair.Create(key, i)), Ct);

        Assert.Equal(8, await map.GetAsync("a", Ct));
        Assert.Equal(4, await map.GetAsync("b", Ct));
        Assert.Equal(7, await map.CountAsync(Ct));
        Assert.Equal(keys, changes.Select(change => change.Key));
        Assert.Equal(
            [MapChangeKind.Added, MapChangeKind.Added, MapChangeKind.Updated, MapChangeKind.Added, MapChangeKind.Updated, MapChangeKind.Added, MapChangeKind.Added, MapChangeKind.Added, MapChangeKind.Updated, MapChangeKind.Added],
            changes.Select(change => change.Kind));
        Assert.Equal(changes.Select(change => change.Stamp).Order(), changes.Select(change => change.Stamp));
        Assert.Equal(changes.Count, changes.Select(change => change.Stamp).Distinct().Count());

        // The feed holds each key once, with its last stamp and value.
        await PassQuietAsync();
        var batch = await DrainAsync(map, "g");
        Assert.Equal(["c", "b", "d", "e", "f", "a", "g"], batch.Select(entry => entry.Key));
        Assert.Equal(8, batch.Single(entry => entry.Key == "a").Value);
    }

    [Fact]
    public async Task A_key_set_again_after_its_removal_is_added_and_its_tombstone_dropped()
    {
        var name = NewName("revive");
        await using var map = Open<int>(name);
        await map.SetManyAsync([KeyValuePair.Create("x", 1), KeyValuePair.Create("y", 2)], Ct);
        await PassQuietAsync();
        await DrainAsync(map, "g"); // a group exists, so the removal leaves a tombstone
        Assert.True(await map.RemoveAsync("x", Ct));
        Assert.Equal(1, await Redis.SortedSetLengthAsync($"map:{{{name}}}:__meta:tombstones", Ct));

        var changes = new List<MapChange<string, int>>();
        using var _ = map.Changes.Subscribe(changes.Add);
        await map.SetManyAsync([KeyValuePair.Create("x", 3), KeyValuePair.Create("y", 4)], Ct);

        Assert.Equal([MapChangeKind.Added, MapChangeKind.Updated], changes.Select(change => change.Kind));
        Assert.Equal(0, await Redis.SortedSetLengthAsync($"map:{{{name}}}:__meta:tombstones", Ct));
        await PassQuietAsync();
        var batch = await DrainAsync(map, "g");
        Assert.Equal([("x", 3, false), ("y", 4, false)], batch.OrderBy(entry => entry.Key).Select(entry => (entry.Key, entry.Value, entry.IsRemoved)));
    }

    [Fact]
    public async Task Chunks_written_in_parallel_keep_the_index_equal_to_the_timestamps_hash()
    {
        var name = NewName("index");
        await using var map = Store.GetMap(name, new RedisMapOptions<string, int> { ChunkSize = 100 });
        await map.SetManyAsync(Enumerable.Range(0, 2_000).Select(i => KeyValuePair.Create($"k{i % 1_500}", i)), Ct);

        var stamps = await Redis.HashGetAllAsync($"map:{{{name}}}:__meta:timestamps", Ct);
        Assert.Equal(1_500, stamps.Length);
        Assert.Equal(1_500, await Redis.SortedSetLengthAsync($"map:{{{name}}}:__meta:ts-index", Ct));
        foreach (var (field, stamp) in stamps)
        {
            var score = await Redis.SortedSetScoreAsync($"map:{{{name}}}:__meta:ts-index", field, Ct);
            Assert.Equal(long.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture), (long)score!.Value);
        }

        Assert.Equal(1_999, await map.GetAsync("k499", Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3_001)]
    public void A_chunk_size_outside_1_to_3000_is_refused_naming_it(int chunkSize)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Store.GetMap(NewName("chunk"), new RedisMapOptions<string, int> { ChunkSize = chunkSize }));
        Assert.Equal("ChunkSize", error.ParamName);
    }
}
