using Adapters.Conformance.AuthState;

namespace Adapters.InMemory.Tests.Conformance;

/// <summary>The caching decorator over the in-memory store, with a roomy cache.</summary>
public sealed class CachingAuthStateFixture : AuthStateStoreFixture
{
    private const int Limit = 64 * 1024;

    public CachingAuthStateFixture()
        => Cache = CachingAuthStateStore.Create(new InMemoryAuthStateStore(new InMemoryAuthStateStoreOptions { MaxValueBytes = Limit }));

    public CachingAuthStateStore Cache { get; }

    public override IAuthStateStore Store => Cache;

    public override int? MaxValueBytes => Limit;

    public override async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// A cache so small (24 KiB) that LRU evictions happen all the time, announcing its writes on the in-process bus where
/// a second cache of the same store listens (so every write also runs the invalidation path).
/// </summary>
public sealed class TinyCachingAuthStateFixture : AuthStateStoreFixture
{
    private const int Limit = 64 * 1024;

    public TinyCachingAuthStateFixture()
    {
        var inner = new InMemoryAuthStateStore(new InMemoryAuthStateStoreOptions { MaxValueBytes = Limit });
        var bus = new InMemoryAuthInvalidationBus();
        var options = new CachingAuthStateStoreOptions { MaxBytes = 24 * 1024, MaxEntryBytes = 8 * 1024, InvalidationBus = bus };
        Cache = CachingAuthStateStore.Create(inner, options);
        Other = CachingAuthStateStore.Create(inner, options);
    }

    public CachingAuthStateStore Cache { get; }

    public CachingAuthStateStore Other { get; }

    public override IAuthStateStore Store => Cache;

    public override int? MaxValueBytes => Limit;

    public override async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        await Other.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class CachingAuthStateConformanceTests(CachingAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<CachingAuthStateFixture>(fixture);

public sealed class TinyCachingAuthStateConformanceTests(TinyCachingAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<TinyCachingAuthStateFixture>(fixture);
