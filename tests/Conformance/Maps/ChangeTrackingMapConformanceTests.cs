using Xunit;

namespace Adapters.Conformance.Maps;

/// <summary>
/// The conformance suite of <see cref="IChangeTrackingMap{TKey, TValue}"/>: inherit it with your provider's fixture.
/// This part covers reads, writes, validation and immediate notifications.
/// </summary>
/// <typeparam name="TFixture">The provider's fixture.</typeparam>
public abstract partial class ChangeTrackingMapConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : ChangeTrackingMapFixture
{
    /// <summary>Opens a fresh map of string keys and <see cref="ConformanceItem"/> values.</summary>
    protected IChangeTrackingMap<string, ConformanceItem> OpenItems(string? name = null)
        => Fixture.OpenMap<string, ConformanceItem>(name ?? ConformanceFixture.UniqueName("items"));

    [Fact]
    public virtual async Task Set_then_get_returns_the_value()
    {
        await using var map = OpenItems();
        await map.SetAsync("a", new ConformanceItem("alpha", 1), Ct);

        Assert.Equal(new ConformanceItem("alpha", 1), await map.GetAsync("a", Ct));
        var lookup = await map.TryGetAsync("a", Ct);
        Assert.True(lookup.Found);
        Assert.Equal(new ConformanceItem("alpha", 1), lookup.Value);
    }

    [Fact]
    public virtual async Task Set_reports_added_then_updated()
    {
        await using var map = OpenItems();
        Assert.Equal(MapChangeKind.Added, await map.SetAsync("a", new ConformanceItem("alpha", 1), Ct));
        Assert.Equal(MapChangeKind.Updated, await map.SetAsync("a", new ConformanceItem("alpha", 2), Ct));
        Assert.Equal(new ConformanceItem("alpha", 2), await map.GetAsync("a", Ct));
    }

    [Fact]
    public virtual async Task Missing_key_is_not_found()
    {
        await using var map = OpenItems();
        var lookup = await map.TryGetAsync("nope", Ct);
        Assert.False(lookup.Found);
        Assert.Null(lookup.Value);
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => map.GetAsync("nope", Ct).AsTask());
        Assert.Contains(map.Name, error.Message, StringComparison.Ordinal);
        Assert.False(await map.ContainsKeyAsync("nope", Ct));
    }

    [Fact]
    public virtual async Task Get_many_returns_present_keys_and_omits_missing_ones()
    {
        await using var map = OpenItems();
        await map.SetManyAsync([new("a", new ConformanceItem("a", 1)), new("c", new ConformanceItem("c", 3))], Ct);

        var found = await map.GetManyAsync(["a", "b", "c", "a"], Ct);

        Assert.Equal(2, found.Count);
        Assert.Equal(new ConformanceItem("a", 1), found["a"]);
        Assert.Equal(new ConformanceItem("c", 3), found["c"]);
        Assert.False(found.ContainsKey("b"));
    }

    [Fact]
    public virtual async Task Set_many_of_ten_thousand_entries_stores_them_all()
    {
        await using var map = OpenItems();
        var entries = Enumerable.Range(0, 10_000).Select(i => new KeyValuePair<string, ConformanceItem>($"k{i}", new ConformanceItem($"n{i}", i))).ToList();

        await map.SetManyAsync(entries, Ct);

        Assert.Equal(10_000, await map.CountAsync(Ct));
        var found = await map.GetManyAsync(entries.Select(e => e.Key), Ct);
        Assert.Equal(10_000, found.Count);
        Assert.All(entries, e => Assert.Equal(e.Value, found[e.Key]));
    }

    [Fact]
    public virtual async Task Remove_reports_whether_the_key_was_present()
    {
        await using var map = OpenItems();
        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);

        Assert.True(await map.RemoveAsync("a", Ct));
        Assert.False(await map.RemoveAsync("a", Ct));
        Assert.False(await map.ContainsKeyAsync("a", Ct));
        Assert.False((await map.TryGetAsync("a", Ct)).Found);
        Assert.Equal(MapChangeKind.Added, await map.SetAsync("a", new ConformanceItem("a", 2), Ct));
    }

    [Fact]
    public virtual async Task Count_counts_live_entries_only()
    {
        await using var map = OpenItems();
        _ = await map.ReadChangesAsync("g", new ChangeReadOptions(Fixture.TimeUnit), Ct); // a group makes removals leave tombstones
        await map.SetManyAsync(Enumerable.Range(0, 5).Select(i => new KeyValuePair<string, ConformanceItem>($"k{i}", new ConformanceItem("x", i))), Ct);
        await map.RemoveAsync("k1", Ct);
        await map.RemoveAsync("k3", Ct);

        Assert.Equal(3, await map.CountAsync(Ct));
    }

    [Fact]
    public virtual async Task Clear_removes_every_entry()
    {
        await using var map = OpenItems();
        await map.SetManyAsync(Enumerable.Range(0, 50).Select(i => new KeyValuePair<string, ConformanceItem>($"k{i}", new ConformanceItem("x", i))), Ct);

        await map.ClearAsync(Ct);

        Assert.Equal(0, await map.CountAsync(Ct));
        Assert.Empty(await map.GetManyAsync(["k0", "k49"], Ct));
        Assert.Equal(MapChangeKind.Added, await map.SetAsync("k0", new ConformanceItem("x", 1), Ct));
    }

    [Fact]
    public virtual async Task Values_are_copied_in_and_out()
    {
        await using var map = Fixture.OpenMap<string, MutableItem>(ConformanceFixture.UniqueName("mutable"));
        var written = new MutableItem { Tags = ["one"] };
        await map.SetAsync("a", written, Ct);
        written.Tags.Add("changed after the write");

        var read = await map.GetAsync("a", Ct);
        read.Tags.Add("changed after the read");

        Assert.Equal(["one"], (await map.GetAsync("a", Ct)).Tags);
    }

    [Fact]
    public virtual async Task Keys_of_other_types_round_trip()
    {
        await using var map = Fixture.OpenMap<int, string>(ConformanceFixture.UniqueName("ints"));
        await map.SetAsync(42, "forty-two", Ct);
        await map.SetAsync(-1, "minus one", Ct);

        Assert.Equal("forty-two", await map.GetAsync(42, Ct));
        var all = new Dictionary<int, string>();
        await foreach (var (key, value) in map.EnumerateAsync(cancellationToken: Ct))
        {
            all[key] = value;
        }

        Assert.Equal(new Dictionary<int, string> { [42] = "forty-two", [-1] = "minus one" }, all);
    }

    [Fact]
    public virtual async Task Maps_are_isolated_by_name_even_when_names_share_a_prefix()
    {
        var name = ConformanceFixture.UniqueName("iso");
        await using var short_ = OpenItems(name);
        await using var longer = OpenItems(name + ":x");
        await using var sibling = OpenItems(name + "x");
        await short_.SetAsync("k", new ConformanceItem("short", 1), Ct);
        await longer.SetAsync("k", new ConformanceItem("longer", 1), Ct);

        await sibling.ClearAsync(Ct);

        Assert.Equal("short", (await short_.GetAsync("k", Ct)).Name);
        Assert.Equal("longer", (await longer.GetAsync("k", Ct)).Name);
        Assert.Equal(0, await sibling.CountAsync(Ct));
    }

    [Fact]
    public virtual async Task Two_instances_on_one_name_share_the_data()
    {
        var name = ConformanceFixture.UniqueName("shared");
        await using var first = OpenItems(name);
        await using var second = OpenItems(name);

        await first.SetAsync("k", new ConformanceItem("from first", 1), Ct);

        Assert.Equal("from first", (await second.GetAsync("k", Ct)).Name);
        Assert.Equal(MapChangeKind.Updated, await second.SetAsync("k", new ConformanceItem("from second", 2), Ct));
        Assert.Equal(2, (await first.GetAsync("k", Ct)).Version);
    }

    [Fact]
    public virtual async Task Null_keys_and_values_are_rejected_naming_the_parameter()
    {
        await using var map = OpenItems();
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => map.SetAsync(null!, new ConformanceItem("x", 1), Ct).AsTask())).ParamName);
        Assert.Equal("value", (await Assert.ThrowsAsync<ArgumentNullException>(() => map.SetAsync("k", null!, Ct).AsTask())).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => map.GetAsync(null!, Ct).AsTask())).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => map.RemoveAsync(null!, Ct).AsTask())).ParamName);
        await Assert.ThrowsAsync<ArgumentNullException>(() => map.GetManyAsync(null!, Ct).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => map.SetManyAsync(null!, Ct).AsTask());
        Assert.False(await map.ContainsKeyAsync("k", Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a{b")]
    [InlineData("a}b")]
    [InlineData("line\nbreak")]
    public virtual void Invalid_map_names_are_rejected(string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Fixture.OpenMap<string, ConformanceItem>(name));
        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public virtual async Task Canceled_operations_throw_and_write_nothing()
    {
        await using var map = OpenItems();
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => map.SetAsync("k", new ConformanceItem("x", 1), canceled.Token).AsTask());

        Assert.False(await map.ContainsKeyAsync("k", Ct));
    }

    [Fact]
    public virtual async Task Writes_notify_subscribers_immediately_in_order()
    {
        await using var map = OpenItems();
        var seen = new List<MapChange<string, ConformanceItem>>();
        using var subscription = map.Changes.Subscribe(change =>
        {
            lock (seen)
            {
                seen.Add(change);
            }
        });

        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);
        await map.SetAsync("a", new ConformanceItem("a", 2), Ct);
        await map.SetManyAsync([new("b", new ConformanceItem("b", 1))], Ct);
        await map.RemoveAsync("a", Ct);
        await map.RemoveAsync("missing", Ct);
        await map.ClearAsync(Ct);

        Assert.Equal(
            [MapChangeKind.Added, MapChangeKind.Updated, MapChangeKind.Added, MapChangeKind.Removed, MapChangeKind.Cleared],
            seen.Select(change => change.Kind));
        Assert.Equal(["a", "a", "b", "a"], seen.Take(4).Select(change => change.Key));
        Assert.Equal(2, seen[1].Value!.Version);
        Assert.Null(seen[3].Value);
        var stamps = seen.Take(4).Select(change => change.Stamp).ToList();
        Assert.Equal(stamps.Order(), stamps);
        Assert.Equal(4, stamps.Distinct().Count());
    }

    [Fact]
    public virtual async Task A_throwing_subscriber_neither_fails_the_write_nor_starves_others()
    {
        await using var map = OpenItems();
        var delivered = 0;
        using var bad = map.Changes.Subscribe(_ => throw new InvalidOperationException("subscriber bug"));
        using var good = map.Changes.Subscribe(_ => Interlocked.Increment(ref delivered));

        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);

        Assert.Equal(1, delivered);
        Assert.True(await map.ContainsKeyAsync("a", Ct));
    }

    [Fact]
    public virtual async Task Disposed_subscriptions_stop_receiving()
    {
        await using var map = OpenItems();
        var delivered = 0;
        var subscription = map.Changes.Subscribe(_ => Interlocked.Increment(ref delivered));
        await map.SetAsync("a", new ConformanceItem("a", 1), Ct);
        subscription.Dispose();
        await map.SetAsync("a", new ConformanceItem("a", 2), Ct);

        Assert.Equal(1, delivered);
    }
}
