using Xunit;

namespace Adapters.Conformance.Maps;

public abstract partial class ChangeTrackingMapConformanceTests<TFixture>
{
    /// <summary>The quiet period the feed tests use.</summary>
    protected TimeSpan Quiet => Fixture.TimeUnit;

    /// <summary>
    /// Lets the quiet period pass for every write made so far, with a tenth of it as margin: stamps are unique, so a
    /// burst of writes is stamped a few microseconds apart and the newest may lie slightly ahead of the clock.
    /// </summary>
    protected ValueTask PassQuietAsync() => Fixture.AdvanceAsync(Quiet + (Quiet / 10));

    /// <summary>Reads and commits batches until one is empty; returns every entry read, in order.</summary>
    protected async Task<List<ChangeEntry<string, ConformanceItem>>> DrainAsync(IChangeFeed<string, ConformanceItem> feed, string group, int maxCount = ChangeReadOptions.DefaultMaxCount)
    {
        var all = new List<ChangeEntry<string, ConformanceItem>>();
        while (true)
        {
            var batch = await feed.ReadChangesAsync(group, new ChangeReadOptions(Quiet, maxCount), Ct);
            all.AddRange(batch.Entries);
            Assert.True(await feed.CommitAsync(group, batch.Checkpoint, batch.HighWaterMark, cancellationToken: Ct));
            if (!batch.HasMore)
            {
                return all;
            }
        }
    }

    [Fact]
    public virtual async Task Writes_are_emitted_once_quiet_oldest_first_and_only_once()
    {
        await using var map = OpenItems();
        await DrainAsync(map, "g");
        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);
        await map.SetAsync("b", new ConformanceItem("b", 1), Ct);

        Assert.Empty((await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct)).Entries);

        await PassQuietAsync();
        var batch = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);

        Assert.Equal(["a", "b"], batch.Entries.Select(entry => entry.Key));
        Assert.All(batch.Entries, entry => Assert.False(entry.IsRemoved));
        Assert.Equal(new ConformanceItem("b", 1), batch.Entries[1].Value);
        Assert.False(batch.HasMore);
        Assert.True(batch.Entries[0].Stamp < batch.Entries[1].Stamp);
        Assert.True(batch.HighWaterMark >= batch.Entries[1].Stamp);
        Assert.True(await map.CommitAsync("g", batch.Checkpoint, batch.HighWaterMark, cancellationToken: Ct));
        Assert.Empty((await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct)).Entries);
    }

    [Fact]
    public virtual async Task A_key_rewritten_inside_the_quiet_period_waits_until_it_is_quiet()
    {
        await using var map = OpenItems();
        await DrainAsync(map, "g");
        await map.SetAsync("steady", new ConformanceItem("steady", 1), Ct);
        await map.SetAsync("busy", new ConformanceItem("busy", 1), Ct);
        await Fixture.AdvanceAsync(Quiet / 2);
        await map.SetAsync("busy", new ConformanceItem("busy", 2), Ct);
        await Fixture.AdvanceAsync((Quiet / 2) + (Quiet / 10));

        var first = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        Assert.Equal(["steady"], first.Entries.Select(entry => entry.Key));
        Assert.True(await map.CommitAsync("g", first.Checkpoint, first.HighWaterMark, cancellationToken: Ct));

        await PassQuietAsync();
        var second = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        var busy = Assert.Single(second.Entries);
        Assert.Equal(new ConformanceItem("busy", 2), busy.Value);
    }

    [Fact]
    public virtual async Task A_batch_holds_the_last_written_value_once_per_key()
    {
        await using var map = OpenItems();
        await DrainAsync(map, "g");
        for (var version = 1; version <= 5; version++)
        {
            await map.SetAsync("k", new ConformanceItem("k", version), Ct);
        }

        await PassQuietAsync();
        var entry = Assert.Single((await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct)).Entries);
        Assert.Equal(5, entry.Value!.Version);
    }

    [Fact]
    public virtual async Task Removals_reach_the_feed_as_tombstones()
    {
        await using var map = OpenItems();
        await map.SetAsync("k", new ConformanceItem("k", 1), Ct);
        await PassQuietAsync();
        Assert.Single(await DrainAsync(map, "g"));

        await map.RemoveAsync("k", Ct);
        await map.SetAsync("other", new ConformanceItem("o", 1), Ct);
        await map.ClearAsync(Ct);
        await PassQuietAsync();

        var entries = await DrainAsync(map, "g");
        Assert.Equal(["k", "other"], entries.Select(entry => entry.Key).Order(StringComparer.Ordinal));
        Assert.All(entries, entry =>
        {
            Assert.True(entry.IsRemoved);
            Assert.Null(entry.Value);
        });
    }

    [Fact]
    public virtual async Task Tombstones_are_pruned_once_every_group_has_passed_them()
    {
        await using var map = OpenItems();
        await map.SetAsync("k", new ConformanceItem("k", 1), Ct);
        await PassQuietAsync();
        await DrainAsync(map, "a");
        await DrainAsync(map, "b");
        await map.RemoveAsync("k", Ct);
        await PassQuietAsync();

        Assert.True(Assert.Single(await DrainAsync(map, "a")).IsRemoved);

        // "b" has not passed the tombstone yet, so a group starting from scratch still sees it...
        Assert.True(Assert.Single(await DrainAsync(map, "late")).IsRemoved);
        await DrainAsync(map, "b");

        // ...and once every group has passed it, it is gone.
        Assert.Empty(await DrainAsync(map, "later"));
    }

    [Fact]
    public virtual async Task A_truncated_batch_ends_at_its_last_stamp_and_the_rest_follows()
    {
        await using var map = OpenItems();
        await DrainAsync(map, "g");
        await map.SetManyAsync(Enumerable.Range(0, 25).Select(i => new KeyValuePair<string, ConformanceItem>($"k{i:D2}", new ConformanceItem("x", i))), Ct);
        await PassQuietAsync();

        var first = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet, MaxCount: 10), Ct);
        Assert.True(first.HasMore);
        Assert.Equal(10, first.Entries.Count);
        Assert.Equal(first.Entries[^1].Stamp, first.HighWaterMark);
        Assert.True(await map.CommitAsync("g", first.Checkpoint, first.HighWaterMark, cancellationToken: Ct));

        var rest = await DrainAsync(map, "g", maxCount: 10);
        Assert.Equal(
            Enumerable.Range(0, 25).Select(i => $"k{i:D2}"),
            first.Entries.Concat(rest).Select(entry => entry.Key));
    }

    [Fact]
    public virtual async Task Commit_is_compare_and_set()
    {
        await using var map = OpenItems();
        await map.SetAsync("k", new ConformanceItem("k", 1), Ct);
        await PassQuietAsync();
        var batch = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);

        Assert.False(await map.CommitAsync("g", batch.Checkpoint + 1, batch.HighWaterMark, cancellationToken: Ct));
        Assert.Equal(batch.Checkpoint, (await map.GetCheckpointsAsync(Ct))["g"]);
        Assert.True(await map.CommitAsync("g", batch.Checkpoint, batch.HighWaterMark, cancellationToken: Ct));
        Assert.False(await map.CommitAsync("g", batch.Checkpoint, batch.HighWaterMark, cancellationToken: Ct));
        Assert.Equal(batch.HighWaterMark, (await map.GetCheckpointsAsync(Ct))["g"]);
    }

    [Fact]
    public virtual async Task An_uncommitted_batch_is_read_again()
    {
        await using var map = OpenItems();
        await map.SetAsync("k", new ConformanceItem("k", 1), Ct);
        await PassQuietAsync();

        var first = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        var again = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);

        Assert.Equal(first.Checkpoint, again.Checkpoint);
        Assert.Equal(first.Entries, again.Entries);
    }

    [Fact]
    public virtual async Task Consumer_groups_are_independent()
    {
        await using var map = OpenItems();
        await map.SetAsync("k", new ConformanceItem("k", 1), Ct);
        await PassQuietAsync();

        Assert.Single(await DrainAsync(map, "billing"));
        Assert.Single(await DrainAsync(map, "search"));
        Assert.Empty(await DrainAsync(map, "billing"));

        Assert.True(await map.DeleteGroupAsync("billing", Ct));
        Assert.False(await map.DeleteGroupAsync("billing", Ct));
        Assert.Equal(["search"], (await map.GetCheckpointsAsync(Ct)).Keys);
    }

    [Fact]
    public virtual async Task Stamps_are_unique_and_increase_across_instances()
    {
        var name = ConformanceFixture.UniqueName("stamps");
        await using var first = OpenItems(name);
        await using var second = OpenItems(name);
        await DrainAsync(first, "g");

        var writes = Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? first : second).SetAsync($"k{i}", new ConformanceItem("x", i), Ct).AsTask());
        await Task.WhenAll(writes);
        await PassQuietAsync();

        var entries = await DrainAsync(first, "g");
        Assert.Equal(200, entries.Count);
        var stamps = entries.Select(entry => entry.Stamp).ToList();
        Assert.Equal(stamps.Order(), stamps);
        Assert.Equal(200, stamps.Distinct().Count());
    }

    [Fact]
    public virtual async Task A_checkpoint_cannot_be_committed_beyond_what_was_read()
    {
        await using var map = OpenItems();
        var batch = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => map.CommitAsync("g", batch.HighWaterMark, batch.HighWaterMark - 1, cancellationToken: Ct).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => map.CommitAsync("g", batch.Checkpoint, long.MaxValue / 2, cancellationToken: Ct).AsTask());
    }

    [Fact]
    public virtual async Task Feed_arguments_are_validated()
    {
        await using var map = OpenItems();
        Assert.Equal("group", (await Assert.ThrowsAnyAsync<ArgumentException>(() => map.ReadChangesAsync("", new ChangeReadOptions(Quiet), Ct).AsTask())).ParamName);
        Assert.Equal("MaxCount", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => map.ReadChangesAsync("g", new ChangeReadOptions(Quiet, 0), Ct).AsTask())).ParamName);
        Assert.Equal("QuietPeriod", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => map.ReadChangesAsync("g", new ChangeReadOptions(TimeSpan.FromSeconds(-1)), Ct).AsTask())).ParamName);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => map.TryAcquireLeaseAsync("g", TimeSpan.Zero, Ct).AsTask());
    }
}
