using Xunit;

namespace Adapters.Conformance.Maps;

public abstract partial class ChangeTrackingMapConformanceTests<TFixture>
{
    [Fact]
    public virtual async Task No_update_is_lost_with_concurrent_writers_and_a_reader()
    {
        const int Writers = 4;
        const int OpsPerWriter = 300;
        const int KeysPerWriter = 40;
        var name = ConformanceFixture.UniqueName("race");
        await using var reader = OpenItems(name);
        await DrainAsync(reader, "g");

        // Each writer owns its keys, so the final state of every key is known exactly while writers still race
        // each other for stamps, windows and the clock.
        var finals = new Dictionary<string, int?>[Writers];
        var writersDone = 0;
        var clockTicker = Task.Run(async () =>
        {
            while (Volatile.Read(ref writersDone) < Writers)
            {
                Fixture.Clock?.Advance(TimeSpan.FromMilliseconds(3));
                await Task.Delay(1, Ct);
            }
        }, Ct);

        async Task WriteAsync(int writer)
        {
            await using var map = OpenItems(name);
            var random = new Random(writer * 7919);
            var final = finals[writer] = [];
            for (var op = 0; op < OpsPerWriter; op++)
            {
                var key = $"w{writer}-k{random.Next(KeysPerWriter)}";
                if (random.Next(5) == 0)
                {
                    // Removing a key that was never set is a no-op: nothing must be emitted for it.
                    if (await map.RemoveAsync(key, Ct) || final.ContainsKey(key))
                    {
                        final[key] = null;
                    }
                }
                else
                {
                    await map.SetAsync(key, new ConformanceItem(key, op), Ct);
                    final[key] = op;
                }

                if (op % 16 == 0)
                {
                    await Task.Yield();
                }
            }

            Interlocked.Increment(ref writersDone);
        }

        var observed = new Dictionary<string, int?>();
        var lastStamp = 0L;
        async Task ReadAsync()
        {
            var quietSince = 0;
            while (true)
            {
                var done = Volatile.Read(ref writersDone) == Writers;
                var batch = await reader.ReadChangesAsync("g", new ChangeReadOptions(Quiet / 10, MaxCount: 64), Ct);
                foreach (var entry in batch.Entries)
                {
                    Assert.True(entry.Stamp > batch.Checkpoint && entry.Stamp <= batch.HighWaterMark);
                    Assert.True(entry.Stamp > lastStamp, "entries must come oldest first, across batches too");
                    lastStamp = entry.Stamp;
                    observed[entry.Key] = entry.IsRemoved ? null : entry.Value!.Version;
                }

                Assert.True(await reader.CommitAsync("g", batch.Checkpoint, batch.HighWaterMark, cancellationToken: Ct));
                quietSince = done && batch.IsEmpty ? quietSince + 1 : 0;
                if (quietSince == 3)
                {
                    return;
                }

                if (done && batch.IsEmpty)
                {
                    await Fixture.AdvanceAsync(Quiet / 5);
                }
                else
                {
                    await Task.Yield();
                }
            }
        }

        var readerTask = Task.Run(ReadAsync, Ct);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), Ct)));
        await clockTicker;
        await readerTask.WaitAsync(TimeSpan.FromSeconds(120), Ct);

        var written = finals.SelectMany(final => final).ToList();
        Assert.Equal(written.Select(pair => pair.Key).Order(StringComparer.Ordinal), observed.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, version) in written)
        {
            Assert.True(observed.TryGetValue(key, out var seen), $"'{key}' was never emitted");
            Assert.True(version == seen, $"'{key}' was last written as {version?.ToString() ?? "removed"} but last emitted as {seen?.ToString() ?? "removed"}");
        }
    }

    [Fact]
    public virtual async Task Concurrent_writers_on_one_key_leave_exactly_one_of_their_values()
    {
        var name = ConformanceFixture.UniqueName("contended");
        var maps = Enumerable.Range(0, 8).Select(_ => OpenItems(name)).ToList();
        try
        {
            var kinds = await Task.WhenAll(maps.Select((map, i) => Task.Run(() => map.SetAsync("k", new ConformanceItem("k", i), Ct).AsTask(), Ct)));

            Assert.Single(kinds, kind => kind == MapChangeKind.Added);
            Assert.InRange((await maps[0].GetAsync("k", Ct)).Version, 0, 7);
            Assert.Equal(1, await maps[0].CountAsync(Ct));
        }
        finally
        {
            foreach (var map in maps)
            {
                await map.DisposeAsync();
            }
        }
    }
}
