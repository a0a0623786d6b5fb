using System.Text;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Maps;

public sealed class RedisMapTests(RedisServers servers) : RedisMapTestKit(servers)
{
    [Fact]
    public async Task A_write_while_the_server_clock_is_behind_the_map_clock_is_stamped_after_every_window_and_not_lost()
    {
        var name = NewName("skew");
        await using var map = Open<int>(name);
        await map.SetAsync("before", 1, Ct);
        await PassQuietAsync();
        var first = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        Assert.Equal(["before"], first.Entries.Select(e => e.Key));
        Assert.True(await map.CommitAsync("g", first.Checkpoint, first.HighWaterMark, cancellationToken: Ct));

        // The server's clock "stepped back" 2 s relative to the map's clock.
        var ahead = first.HighWaterMark + 2_000_000;
        await Redis.SetAsync($"map:{{{name}}}:__meta:clock", ahead.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: Ct);
        var stamps = new List<long>();
        using var _ = map.Changes.Subscribe(change => stamps.Add(change.Stamp));
        await map.SetAsync("after-step-back", 2, Ct);
        await map.SetAsync("after-step-back-2", 3, Ct);

        Assert.Equal([ahead + 1, ahead + 2], stamps);
        Assert.Empty((await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct)).Entries);
        await Task.Delay(TimeSpan.FromSeconds(2) + Quiet + TimeSpan.FromMilliseconds(100), Ct);
        var later = await DrainAsync(map, "g");
        Assert.Equal(["after-step-back", "after-step-back-2"], later.Select(e => e.Key));
        Assert.All(later, entry => Assert.True(entry.Stamp > first.HighWaterMark));
    }

    [Fact]
    public async Task Taking_a_window_moves_the_clock_to_its_cutoff()
    {
        var name = NewName("clamp");
        await using var map = Open<int>(name);
        await map.SetAsync("k", 1, Ct);
        await Task.Delay(50, Ct);

        var batch = await map.ReadChangesAsync("g", new ChangeReadOptions(TimeSpan.Zero), Ct);

        var clock = long.Parse(Encoding.ASCII.GetString((await Redis.GetAsync($"map:{{{name}}}:__meta:clock", Ct))!), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(clock >= batch.HighWaterMark, $"clock {clock} must have reached the cutoff {batch.HighWaterMark}");
        using var _ = map.Changes.Subscribe(change => Assert.True(change.Stamp > batch.HighWaterMark));
        await map.SetAsync("k", 2, Ct);
    }

    [Fact]
    public async Task A_lease_holder_that_dies_mid_batch_is_replaced_once_its_lease_expires_and_nothing_is_lost()
    {
        var name = NewName("dying");
        await using var dying = Open<int>(name);
        await using var survivor = Open<int>(name);
        await dying.SetManyAsync(Enumerable.Range(0, 50).Select(i => KeyValuePair.Create($"k{i}", i)), Ct);
        await PassQuietAsync();

        // The first instance takes the lease and the window, then "dies": no commit, no release.
        var lease = await dying.TryAcquireLeaseAsync("g", TimeSpan.FromSeconds(1), Ct);
        Assert.NotNull(lease);
        var orphaned = await dying.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        Assert.Equal(50, orphaned.Entries.Count);

        var delivered = new List<string>();
        var processor = new ChangeBatchProcessor<string, int>(
            survivor,
            (batch, _) =>
            {
                delivered.AddRange(batch.Entries.Select(e => e.Key));
                return ValueTask.CompletedTask;
            },
            new ChangeBatchProcessorOptions { Group = "g", QuietPeriod = Quiet, LeaseDuration = TimeSpan.FromSeconds(5) });
        Assert.Equal(ChangeBatchOutcome.NotLeaseHolder, (await processor.ProcessOnceAsync(Ct)).Outcome);

        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        Assert.Equal(ChangeBatchOutcome.Handled, (await processor.ProcessOnceAsync(Ct)).Outcome);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"k{i}").Order(), delivered.Order());
        Assert.False(await dying.CommitAsync("g", orphaned.Checkpoint, orphaned.HighWaterMark, lease, Ct));
        await processor.ReleaseLeaseAsync(Ct);
    }

    [Fact]
    public async Task Every_strategy_returns_the_same_batches()
    {
        var name = NewName("same");
        await using var writer = Open<string>(name);
        ChangeScanStrategy[] strategies = [ChangeScanStrategy.SortedIndex, ChangeScanStrategy.IncrementalScan, ChangeScanStrategy.ServerScript, ChangeScanStrategy.FullHash];
        var readers = strategies.Select(strategy => Open<string>(name, strategy)).ToList();
        foreach (var (reader, i) in readers.Select((r, i) => (r, i)))
        {
            await DrainAsync(reader, $"g{i}");
        }

        await writer.SetManyAsync(Enumerable.Range(0, 3000).Select(i => KeyValuePair.Create($"k{i}", $"v{i}")), Ct);
        for (var i = 0; i < 3000; i += 7)
        {
            await writer.RemoveAsync($"k{i}", Ct);
        }

        await writer.SetAsync("k1", "rewritten", Ct);
        await PassQuietAsync();

        var results = new List<List<ChangeEntry<string, string>>>();
        foreach (var (reader, i) in readers.Select((r, i) => (r, i)))
        {
            results.Add(await DrainAsync(reader, $"g{i}", maxCount: 250));
        }

        Assert.Equal(3000, results[0].Count);
        Assert.Contains(results[0], e => e.Key == "k0" && e.IsRemoved);
        Assert.Contains(results[0], e => e.Key == "k1" && e.Value == "rewritten");
        Assert.All(results.Skip(1), other => Assert.Equal(results[0], other));
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_set_or_a_remove_is_one_script_call_and_set_many_one_per_chunk()
    {
        // Command counts are per server: a server of its own, so parallel tests do not add to them.
        await using var dedicated = await DedicatedAsync();
        await using var map = dedicated.Store.GetMap<string, int>(NewName("round-trips"));
        // The first call of each script on a fresh server is refused with NOSCRIPT and repeated once loaded.
        await map.SetAsync("warm-up", 1, Ct);
        await map.SetManyAsync([KeyValuePair.Create("warm-up", 2)], Ct);
        await map.RemoveAsync("warm-up", Ct);
        var before = await CommandCallsAsync(dedicated.Redis, "evalsha");

        await map.SetAsync("a", 1, Ct);
        await map.RemoveAsync("a", Ct);
        await map.SetManyAsync(Enumerable.Range(0, 10_000).Select(i => KeyValuePair.Create($"k{i}", i)), Ct);
        var hmgetBefore = await CommandCallsAsync(dedicated.Redis, "hmget");
        Assert.Equal(10_000, (await map.GetManyAsync(Enumerable.Range(0, 10_000).Select(i => $"k{i}"), Ct)).Count);

        Assert.Equal(2 + 10, await CommandCallsAsync(dedicated.Redis, "evalsha") - before);
        Assert.Equal(10, await CommandCallsAsync(dedicated.Redis, "hmget") - hmgetBefore);
    }

    [Fact]
    public async Task A_value_that_fails_to_deserialize_names_map_and_key_and_is_neither_deleted_nor_skipped()
    {
        var name = NewName("undecodable");
        await using var strings = Open<string>(name);
        await using var numbers = Open<int>(name);
        await numbers.SetAsync("good", 1, Ct);
        await strings.SetAsync("bad", "not a number", Ct);
        await PassQuietAsync();

        var read = await Assert.ThrowsAsync<InvalidDataException>(() => numbers.GetAsync("bad", Ct).AsTask());
        var feed = await Assert.ThrowsAsync<InvalidDataException>(() => numbers.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct).AsTask());

        foreach (var error in new[] { read, feed })
        {
            Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("\"bad\"", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not a number", error.Message, StringComparison.Ordinal);
        }

        // Nothing deleted, nothing skipped: the value is intact and the group did not move past it.
        Assert.Equal("not a number", await strings.GetAsync("bad", Ct));
        Assert.Equal(0, (await numbers.GetCheckpointsAsync(Ct))["g"]);
        Assert.Equal(1, await numbers.GetAsync("good", Ct));
    }

    [Fact]
    public async Task A_corrupt_frame_stored_by_another_writer_names_map_and_key_and_stays()
    {
        var name = NewName("corrupt");
        await using var map = Open<string>(name);
        await map.SetAsync("fine", "value", Ct);
        byte[] corrupt = [0xAD, 0xC0, 5, 0x10, 0, 0, 0, 1, 2, 3];
        await Redis.HashSetAsync($"map:{{{name}}}", "\"broken\"", corrupt, Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => map.GetAsync("broken", Ct).AsTask());

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"broken\"", error.Message, StringComparison.Ordinal);
        Assert.True(await map.ContainsKeyAsync("broken", Ct));
        Assert.Equal(corrupt, await Redis.HashGetAsync($"map:{{{name}}}", "\"broken\"", Ct));
        Assert.Equal("value", await map.GetAsync("fine", Ct));
    }

    [Theory]
    [InlineData("a{b")]
    [InlineData("a}b")]
    public void A_map_name_with_a_brace_is_refused_naming_the_parameter(string name)
        => Assert.Equal("name", Assert.Throws<ArgumentException>(() => Store.GetMap<string, int>(name)).ParamName);

    [Fact]
    public async Task Dropping_a_map_removes_all_its_keys()
    {
        var name = NewName("drop");
        await using (var map = Open<int>(name))
        {
            await map.SetAsync("k", 1, Ct);
            await DrainAsync(map, "g");
            await map.RemoveAsync("k", Ct);
            await map.TryAcquireLeaseAsync("g", TimeSpan.FromMinutes(1), Ct);
        }

        await Store.DropMapAsync(name, Ct);

        var left = await Redis.ScanKeysAsync($"map:{{{name}}}*", cancellationToken: Ct).CountAsync(Ct);
        Assert.Equal(0, left);
    }
}
