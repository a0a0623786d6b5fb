using Adapters.Conformance;
using Xunit;

namespace Adapters.InMemory.Tests;

public sealed class InMemoryMapStoreTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_after_the_clock_steps_back_is_stamped_after_the_last_window_and_not_lost()
    {
        var clock = new ManualTimeProvider();
        await using var map = new InMemoryMapStore(clock).GetMap<string, int>("skew");
        await map.SetAsync("before", 1, Ct);
        clock.Advance(Quiet * 2);
        var first = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        Assert.Equal(["before"], first.Entries.Select(e => e.Key));
        Assert.True(await map.CommitAsync("g", first.Checkpoint, first.HighWaterMark, cancellationToken: Ct));

        clock.SetUtcNow(clock.GetUtcNow().AddHours(-1));
        await map.SetAsync("after-step-back", 2, Ct);

        var whileBehind = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        Assert.Empty(whileBehind.Entries);
        Assert.Equal(first.HighWaterMark, whileBehind.HighWaterMark);

        clock.Advance(TimeSpan.FromHours(1) + (Quiet * 2));
        var later = await map.ReadChangesAsync("g", new ChangeReadOptions(Quiet), Ct);
        var entry = Assert.Single(later.Entries);
        Assert.Equal("after-step-back", entry.Key);
        Assert.True(entry.Stamp > first.HighWaterMark);
    }

    [Fact]
    public async Task Stamps_are_microseconds_exact_in_a_double()
    {
        await using var map = new InMemoryMapStore().GetMap<string, int>("stamps");
        var stamps = new List<long>();
        using var _ = map.Changes.Subscribe(change => stamps.Add(change.Stamp));
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

        await map.SetAsync("a", 1, Ct);

        var stamp = Assert.Single(stamps);
        Assert.InRange(stamp, before, before + 60_000_000);
        Assert.True(stamp < (1L << 53));
        Assert.Equal(stamp, (long)(double)stamp);
    }

    [Fact]
    public async Task Dropping_a_map_discards_its_data()
    {
        var store = new InMemoryMapStore();
        await using (var map = store.GetMap<string, int>("dropped"))
        {
            await map.SetAsync("a", 1, Ct);
        }

        Assert.True(store.DropMap("dropped"));
        Assert.False(store.DropMap("dropped"));
        await using var fresh = store.GetMap<string, int>("dropped");
        Assert.Equal(0, await fresh.CountAsync(Ct));
        Assert.Contains("dropped", store.MapNames);
    }

    [Fact]
    public async Task A_disposed_map_refuses_work_and_completes_its_subscribers()
    {
        var map = new InMemoryMapStore().GetMap<string, int>("disposed");
        var completed = false;
        using var _ = map.Changes.Subscribe(new CompletionObserver(() => completed = true));

        await map.DisposeAsync();

        Assert.True(completed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => map.SetAsync("a", 1, Ct).AsTask());
    }

    [Fact]
    public async Task A_value_another_handle_cannot_deserialize_is_invalid_data_naming_map_and_key()
    {
        var store = new InMemoryMapStore();
        await using var strings = store.GetMap<string, string>("mixed");
        await using var numbers = store.GetMap<string, int>("mixed");
        await strings.SetAsync("k", "not a number", Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => numbers.GetAsync("k", Ct).AsTask());

        Assert.Contains("'mixed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"k\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not a number", error.Message, StringComparison.Ordinal);
        Assert.Equal("mixed", error.Data[StoredValueErrors.StoreDataKey]);
        Assert.Equal("not a number", await strings.GetAsync("k", Ct));
    }

    private sealed class CompletionObserver(Action onCompleted) : IObserver<MapChange<string, int>>
    {
        public void OnCompleted() => onCompleted();

        public void OnError(Exception error) => throw new InvalidOperationException("unexpected", error);

        public void OnNext(MapChange<string, int> value)
        {
            // Only completion matters here.
        }
    }
}
