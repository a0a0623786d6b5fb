using Adapters.Conformance;
using Xunit;
using static Adapters.InMemory.Tests.Caching.CachingKit;

namespace Adapters.InMemory.Tests.Caching;

public sealed class CachingAuthStateStoreTests
{
    [Fact]
    public async Task Writes_go_through_to_the_store_and_are_then_read_from_the_cache()
    {
        var probe = new ProbeAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(probe);

        await cache.WriteCredentialsAsync(Session, Bytes(1), Ct);
        await cache.SetKeysAsync(Session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", Bytes(2) }, { AuthKeyTypes.PreKey, "2", null } }, Ct);

        Assert.Equal(Bytes(1), await probe.Inner.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(Bytes(1), await cache.ReadCredentialsAsync(Session, Ct));
        var keys = await cache.GetKeysAsync(Session, AuthKeyTypes.PreKey, ["1", "2"], Ct);
        Assert.Equal(["1"], keys.Keys);
        Assert.Equal(Bytes(2), keys["1"]);
        Assert.Equal(0, probe.KeyReads + probe.CredentialReads);
        Assert.Equal(3, cache.Statistics.Hits);
    }

    [Fact]
    public async Task Reads_fill_the_cache_absent_ids_included()
    {
        var probe = new ProbeAuthStateStore();
        await probe.Inner.SetKeysAsync(Session, One("a", Bytes(1)), Ct);
        await using var cache = CachingAuthStateStore.Create(probe);

        var first = await cache.GetKeysAsync(Session, AuthKeyTypes.Session, ["a", "missing"], Ct);
        var second = await cache.GetKeysAsync(Session, AuthKeyTypes.Session, ["a", "missing"], Ct);
        Assert.Null(await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Null(await cache.ReadCredentialsAsync(Session, Ct));

        Assert.Equal(["a"], first.Keys);
        Assert.Equal(["a"], second.Keys);
        Assert.Equal(1, probe.KeyReads);
        Assert.Equal(1, probe.CredentialReads);
        Assert.Equal(new AuthStateCacheStatistics(3, 3, 0, 0, 0, 0, 0, 0, 3, cache.Statistics.Bytes, 1), cache.Statistics);
    }

    [Fact]
    public async Task Absent_ids_are_not_remembered_when_missing_keys_are_not_cached()
    {
        var probe = new ProbeAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(probe, new CachingAuthStateStoreOptions { CacheMissingKeys = false });

        Assert.Null(await cache.ReadKeyAsync("missing"));
        Assert.Null(await cache.ReadKeyAsync("missing"));
        Assert.Null(await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Null(await cache.ReadCredentialsAsync(Session, Ct));
        await cache.SetKeysAsync(Session, One("deleted", null), Ct);
        Assert.Null(await cache.ReadKeyAsync("deleted"));

        Assert.Equal(3, probe.KeyReads);
        Assert.Equal(2, probe.CredentialReads);
        Assert.Equal(0, cache.Statistics.Entries);
    }

    [Fact]
    public async Task The_least_recently_used_entries_go_first_when_the_byte_limit_is_reached()
    {
        var probe = new ProbeAuthStateStore();
        var entry = EntryBytes("1", 1000);
        var options = new CachingAuthStateStoreOptions { MaxBytes = SessionBytes + (3 * entry) + 100, MaxEntryBytes = 2000 };
        await using var cache = CachingAuthStateStore.Create(probe, options);
        foreach (var id in new[] { "1", "2", "3" })
        {
            await cache.SetKeysAsync(Session, One(id, Bytes(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), 1000)), Ct);
        }

        Assert.Equal(SessionBytes + (3 * entry), cache.Statistics.Bytes);
        await cache.ReadKeyAsync("1");                                  // "2" is now the least recently used
        await cache.SetKeysAsync(Session, One("4", Bytes(4, 1000)), Ct);

        Assert.Equal(1, cache.Statistics.Evictions);
        Assert.Equal(SessionBytes + (3 * entry), cache.Statistics.Bytes);
        Assert.True(cache.Statistics.Bytes <= options.MaxBytes);
        foreach (var id in new[] { "1", "3", "4" })
        {
            Assert.NotNull(await cache.ReadKeyAsync(id));
        }

        Assert.Equal(0, probe.KeyReads);
        Assert.Equal(Bytes(2, 1000), await cache.ReadKeyAsync("2"));   // evicted: read from the store again
        Assert.Equal(1, probe.KeyReads);
    }

    [Fact]
    public async Task Values_larger_than_the_entry_limit_are_never_cached()
    {
        var probe = new ProbeAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(probe, new CachingAuthStateStoreOptions { MaxEntryBytes = 1024 });

        await cache.WriteCredentialsAsync(Session, Bytes(1, 2000), Ct);
        await cache.SetKeysAsync(Session, One("big", Bytes(2, 1025)), Ct);

        Assert.Equal(Bytes(1, 2000), await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(Bytes(1, 2000), await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(Bytes(2, 1025), await cache.ReadKeyAsync("big"));
        Assert.Equal(Bytes(2, 1025), await cache.ReadKeyAsync("big"));
        Assert.Equal(2, probe.CredentialReads);
        Assert.Equal(2, probe.KeyReads);
        Assert.Equal(0, cache.Statistics.Entries);
    }

    [Fact]
    public async Task Entries_expire_after_their_time_to_live_and_hits_do_not_renew_it()
    {
        var clock = new ManualTimeProvider();
        var probe = new ProbeAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(probe, new CachingAuthStateStoreOptions { TimeToLive = TimeSpan.FromMinutes(1), TimeProvider = clock });
        await cache.WriteCredentialsAsync(Session, Bytes(1), Ct);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(Bytes(1), await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(0, probe.CredentialReads);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Bytes(1), await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(1, probe.CredentialReads);
        Assert.Equal(1, cache.Statistics.Expirations);

        Assert.Equal(Bytes(1), await cache.ReadCredentialsAsync(Session, Ct));   // cached again, for another minute
        Assert.Equal(1, probe.CredentialReads);
    }

    [Fact]
    public async Task Idle_sessions_are_swept_out_by_the_clock_without_being_touched()
    {
        var clock = new ManualTimeProvider();
        await using var cache = CachingAuthStateStore.Create(new InMemoryAuthStateStore(), new CachingAuthStateStoreOptions { TimeToLive = TimeSpan.FromMinutes(2), TimeProvider = clock });
        await cache.WriteCredentialsAsync(Session, Bytes(1, 100), Ct);
        await cache.SetKeysAsync("phone-2", One("1", Bytes(2, 50)), Ct);

        Assert.Equal(SessionBytes + EntryBytes(string.Empty, 100), cache.GetSessionBytes(Session));
        Assert.Equal(SessionBytes + EntryBytes("1", 50), cache.GetSessionBytes("phone-2"));
        Assert.Equal(2, cache.Statistics.Sessions);

        clock.Advance(TimeSpan.FromMinutes(3));   // the sweep runs every minute; both expired at minute 2

        Assert.Equal(0, cache.GetSessionBytes(Session));
        Assert.Equal(new AuthStateCacheStatistics(0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0), cache.Statistics);
    }

    [Fact]
    public async Task Key_enumeration_is_passed_through_only_when_the_inner_store_has_it()
    {
        await using var enumerable = CachingAuthStateStore.Create(new InMemoryAuthStateStore());
        await using var plain = CachingAuthStateStore.Create(new ProbeAuthStateStore());
        await enumerable.SetKeysAsync(Session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", Bytes(1) }, { AuthKeyTypes.Session, "s", Bytes(2) } }, Ct);

        var listing = Assert.IsAssignableFrom<IAuthStateKeyEnumeration>(enumerable);
        var keys = await listing.ListKeysAsync(Session, Ct).ToListAsync(Ct);
        Assert.Equal([(AuthKeyTypes.PreKey, "1"), (AuthKeyTypes.Session, "s")], keys.Order());
        Assert.IsNotAssignableFrom<IAuthStateKeyEnumeration>(plain);
        Assert.Equal([Session], await enumerable.ListSessionsAsync(Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_disposed_cache_refuses_work_and_drops_what_it_held()
    {
        var bus = new InMemoryAuthInvalidationBus();
        var cache = CachingAuthStateStore.Create(new InMemoryAuthStateStore(), new CachingAuthStateStoreOptions { InvalidationBus = bus });
        await cache.WriteCredentialsAsync(Session, Bytes(1), Ct);
        Assert.Equal(1, bus.SubscriberCount);

        await cache.DisposeAsync();
        cache.Dispose();

        Assert.Equal(0, bus.SubscriberCount);
        Assert.Equal(0, cache.Statistics.Entries);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cache.ReadCredentialsAsync(Session, Ct).AsTask());
    }

    [Fact]
    public async Task Clear_and_Invalidate_drop_local_entries_only()
    {
        var probe = new ProbeAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(probe);
        await cache.WriteCredentialsAsync(Session, Bytes(1), Ct);
        await cache.WriteCredentialsAsync("phone-2", Bytes(2), Ct);

        cache.Invalidate(Session);
        Assert.Equal(Bytes(1), await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(Bytes(2), await cache.ReadCredentialsAsync("phone-2", Ct));
        Assert.Equal(1, probe.CredentialReads);

        cache.Clear();
        Assert.Equal(0, cache.Statistics.Entries);
        Assert.Equal(1, cache.Statistics.Flushes);
        Assert.Equal(Bytes(2), await cache.ReadCredentialsAsync("phone-2", Ct));
        Assert.Equal(2, probe.CredentialReads);
    }

    [Theory]
    [InlineData(nameof(CachingAuthStateStoreOptions.MaxBytes))]
    [InlineData(nameof(CachingAuthStateStoreOptions.MaxEntryBytes))]
    [InlineData(nameof(CachingAuthStateStoreOptions.TimeToLive))]
    [InlineData(nameof(CachingAuthStateStoreOptions.TimeProvider))]
    [InlineData(nameof(CachingAuthStateStoreOptions.Name))]
    public void Unusable_options_are_refused_naming_the_property(string property)
    {
        var options = new CachingAuthStateStoreOptions();
        switch (property)
        {
            case nameof(options.MaxBytes):
                options.MaxBytes = 0;
                break;
            case nameof(options.MaxEntryBytes):
                options.MaxEntryBytes = (int)options.MaxBytes + 1;
                break;
            case nameof(options.TimeToLive):
                options.TimeToLive = TimeSpan.FromSeconds(-2);
                break;
            case nameof(options.TimeProvider):
                options.TimeProvider = null!;
                break;
            default:
                options.Name = " ";
                break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => CachingAuthStateStore.Create(new InMemoryAuthStateStore(), options));
        Assert.Equal(property, error.ParamName);
        Assert.Equal("inner", Assert.ThrowsAny<ArgumentException>(() => CachingAuthStateStore.Create(null!)).ParamName);
    }

    [Fact]
    public async Task An_infinite_time_to_live_keeps_entries_until_evicted_or_invalidated()
    {
        var clock = new ManualTimeProvider();
        var probe = new ProbeAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(probe, new CachingAuthStateStoreOptions { TimeToLive = Timeout.InfiniteTimeSpan, TimeProvider = clock });
        await cache.WriteCredentialsAsync(Session, Bytes(1), Ct);

        clock.Advance(TimeSpan.FromDays(400));

        Assert.Equal(Bytes(1), await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(0, probe.CredentialReads);
    }
}
