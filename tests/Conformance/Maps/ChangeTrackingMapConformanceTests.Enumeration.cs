using Xunit;

namespace Adapters.Conformance.Maps;

public abstract partial class ChangeTrackingMapConformanceTests<TFixture>
{
    [Fact]
    public virtual async Task Enumeration_returns_every_entry_once_when_nothing_changes()
    {
        await using var map = OpenItems();
        var expected = Enumerable.Range(0, 2_500).ToDictionary(i => $"k{i}", i => new ConformanceItem($"n{i}", i));
        await map.SetManyAsync(expected, Ct);
        await map.RemoveAsync("k7", Ct);
        expected.Remove("k7");

        var seen = new Dictionary<string, ConformanceItem>();
        await foreach (var (key, value) in map.EnumerateAsync(pageSize: 100, Ct))
        {
            Assert.True(seen.TryAdd(key, value), $"'{key}' was enumerated twice");
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public virtual async Task Enumeration_streams_a_large_map_in_pages_without_loading_it()
    {
        var tag = ConformanceFixture.UniqueName("stream");
        await using var map = Fixture.OpenMap<string, TrackedItem>(tag);
        var count = Fixture.LargeMapEntries;
        var payload = new string('p', 200);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(5_000))
        {
            await map.SetManyAsync(chunk.Select(i => new KeyValuePair<string, TrackedItem>($"k{i}", new TrackedItem(tag, i, payload))), Ct);
        }

        var liveMidway = -1;
        var seen = new HashSet<int>();
        await foreach (var (_, value) in map.EnumerateAsync(pageSize: 1000, Ct))
        {
            seen.Add(value.Version);
            if (seen.Count == count / 2)
            {
                liveMidway = TrackedItem.CountLive(tag);
            }
        }

        Assert.Equal(count, seen.Count);
        Assert.True(liveMidway <= count / 10, $"{liveMidway} of {count} values were alive half-way through the enumeration: it is not streamed in pages.");
    }

    [Fact]
    public virtual async Task Enumeration_can_stop_early()
    {
        await using var map = OpenItems();
        await map.SetManyAsync(Enumerable.Range(0, 300).Select(i => new KeyValuePair<string, ConformanceItem>($"k{i}", new ConformanceItem("x", i))), Ct);

        var taken = 0;
        await foreach (var _ in map.EnumerateAsync(pageSize: 50, Ct))
        {
            if (++taken == 10)
            {
                break;
            }
        }

        Assert.Equal(10, taken);
        Assert.Equal(300, await map.CountAsync(Ct));
    }

    [Fact]
    public virtual async Task Enumeration_rejects_a_page_size_below_one()
    {
        await using var map = OpenItems();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in map.EnumerateAsync(pageSize: 0, Ct))
            {
                Assert.Fail("No entry may be returned for an invalid page size.");
            }
        });
    }
}
