using Xunit;
using static Adapters.InMemory.Tests.Caching.CachingKit;

namespace Adapters.InMemory.Tests.Caching;

/// <summary>Two caches in front of one store, told of each other's writes by a bus.</summary>
public sealed class CachingAuthStateStoreInvalidationTests
{
    [Fact]
    public async Task A_write_through_one_cache_evicts_exactly_what_it_wrote_from_the_other()
    {
        var (store, first, second, _) = Pair();
        await using var a = first;
        await using var b = second;
        await store.Inner.SetKeysAsync(Session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "x", Bytes(1) }, { AuthKeyTypes.Session, "y", Bytes(2) } }, Ct);
        await store.Inner.WriteCredentialsAsync(Session, Bytes(3), Ct);
        await b.GetKeysAsync(Session, AuthKeyTypes.Session, ["x", "y", "absent"], Ct);
        await b.ReadCredentialsAsync(Session, Ct);
        var reads = store.KeyReads;

        await a.SetKeysAsync(Session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "x", Bytes(10) }, { AuthKeyTypes.Session, "absent", Bytes(11) } }, Ct);

        Assert.Equal(Bytes(10), await b.ReadKeyAsync("x"));
        Assert.Equal(Bytes(11), await b.ReadKeyAsync("absent"));   // a cached absence is evicted like a value
        Assert.Equal(reads + 2, store.KeyReads);
        Assert.Equal(Bytes(2), await b.ReadKeyAsync("y"));         // untouched: still cached
        Assert.Equal(Bytes(3), await b.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(reads + 2, store.KeyReads);
        Assert.Equal(1, store.CredentialReads);
        Assert.Equal(1, b.Statistics.RemoteInvalidations);
        Assert.Equal(0, a.Statistics.RemoteInvalidations);          // its own announcement is skipped
        Assert.Equal(Bytes(10), await a.ReadKeyAsync("x"));       // and its write-through entry kept
    }

    [Fact]
    public async Task Credentials_clear_and_delete_reach_the_other_cache()
    {
        var (store, first, second, _) = Pair();
        await using var a = first;
        await using var b = second;
        await a.WriteCredentialsAsync(Session, Bytes(1), Ct);
        await a.SetKeysAsync(Session, One("k", Bytes(2)), Ct);
        Assert.Equal(Bytes(1), await b.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(Bytes(2), await b.ReadKeyAsync("k"));

        await a.WriteCredentialsAsync(Session, Bytes(3), Ct);
        Assert.Equal(Bytes(3), await b.ReadCredentialsAsync(Session, Ct));

        await a.ClearKeysAsync(Session, Ct);
        Assert.Null(await b.ReadKeyAsync("k"));
        Assert.Equal(Bytes(3), await b.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(2, store.CredentialReads);                   // clear kept the credentials cached

        await a.DeleteSessionAsync(Session, Ct);
        Assert.Null(await b.ReadCredentialsAsync(Session, Ct));
    }

    [Fact]
    public async Task A_write_whose_outcome_is_unknown_is_announced_too()
    {
        var (store, first, second, _) = Pair();
        await using var a = first;
        await using var b = second;
        await a.SetKeysAsync(Session, One("k", Bytes(1)), Ct);
        Assert.Equal(Bytes(1), await b.ReadKeyAsync("k"));
        store.FailNextWriteAfter = new AuthStoreUnavailableException("connection lost after sending") { SessionId = Session };

        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => a.SetKeysAsync(Session, One("k", Bytes(2)), Ct).AsTask());

        Assert.Equal(Bytes(2), await b.ReadKeyAsync("k"));
    }

    [Fact]
    public async Task An_invalidation_arriving_while_a_read_is_under_way_keeps_its_answer_out_of_the_cache()
    {
        var (store, first, second, _) = Pair();
        await using var a = first;
        await using var b = second;
        await store.Inner.SetKeysAsync(Session, One("k", Bytes(1)), Ct);
        store.HoldAnswers();
        var slow = b.ReadKeyAsync("k");

        await a.SetKeysAsync(Session, One("k", Bytes(2)), Ct);
        store.ReleaseAnswers();

        Assert.Equal(Bytes(1), await slow);
        Assert.Equal(Bytes(2), await b.ReadKeyAsync("k"));
    }

    [Fact]
    public async Task Everything_is_dropped_when_the_transport_says_messages_may_be_lost()
    {
        var (store, first, second, bus) = Pair();
        await using var a = first;
        await using var b = second;
        await a.WriteCredentialsAsync(Session, Bytes(1), Ct);
        await a.SetKeysAsync("phone-2", One("k", Bytes(2)), Ct);

        await bus.PublishAsync(AuthStateInvalidation.Everything(origin: null), Ct);

        Assert.Equal(0, a.Statistics.Entries);
        Assert.Equal(1, a.Statistics.Flushes);
        Assert.Equal(Bytes(1), await a.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(1, store.CredentialReads);
    }

    [Fact]
    public async Task A_write_that_cannot_be_announced_fails_after_reaching_the_store()
    {
        var store = new ProbeAuthStateStore();
        var bus = new FaultyBus { FailPublish = true };
        await using var cache = CachingAuthStateStore.Create(store, new CachingAuthStateStoreOptions { InvalidationBus = bus });

        var error = await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => cache.SetKeysAsync(Session, One("k", Bytes(1)), Ct).AsTask());

        Assert.Equal(Session, error.SessionId);
        Assert.Equal(Bytes(1), await store.Inner.ReadKeyAsync("k"));   // a retry is idempotent and announces it
        bus.FailPublish = false;
        await cache.SetKeysAsync(Session, One("k", Bytes(1)), Ct);
        Assert.Single(bus.Published);
    }

    [Fact]
    public async Task Nothing_is_cached_until_the_subscription_is_confirmed_and_a_failed_one_is_retried()
    {
        var store = new ProbeAuthStateStore();
        var bus = new FaultyBus { FailSubscribe = true };
        await using var cache = CachingAuthStateStore.Create(store, new CachingAuthStateStoreOptions { InvalidationBus = bus });

        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => cache.ReadCredentialsAsync(Session, Ct).AsTask());
        Assert.Equal(0, store.CredentialReads);

        bus.FailSubscribe = false;
        Assert.Null(await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(1, bus.Subscriptions);
        Assert.Equal(1, store.CredentialReads);
    }

    private static (ProbeAuthStateStore Store, CachingAuthStateStore A, CachingAuthStateStore B, InMemoryAuthInvalidationBus Bus) Pair()
    {
        var store = new ProbeAuthStateStore();
        var bus = new InMemoryAuthInvalidationBus();
        var options = new CachingAuthStateStoreOptions { InvalidationBus = bus };
        return (store, CachingAuthStateStore.Create(store, options), CachingAuthStateStore.Create(store, options), bus);
    }

    /// <summary>A bus that fails to publish or subscribe on demand.</summary>
    private sealed class FaultyBus : IAuthStateInvalidationBus
    {
        public bool FailPublish { get; set; }

        public bool FailSubscribe { get; set; }

        public int Subscriptions { get; private set; }

        public List<AuthStateInvalidation> Published { get; } = [];

        public ValueTask PublishAsync(AuthStateInvalidation invalidation, CancellationToken cancellationToken = default)
        {
            if (FailPublish)
            {
                throw new IOException("broken pipe");
            }

            Published.Add(invalidation);
            return ValueTask.CompletedTask;
        }

        public ValueTask<IAsyncDisposable> SubscribeAsync(Action<AuthStateInvalidation> handler, CancellationToken cancellationToken = default)
        {
            if (FailSubscribe)
            {
                throw new AuthStoreUnavailableException("no subscription");
            }

            Subscriptions++;
            return ValueTask.FromResult<IAsyncDisposable>(new Nothing());
        }

        private sealed class Nothing : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
