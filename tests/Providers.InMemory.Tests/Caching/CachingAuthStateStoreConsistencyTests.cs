using Adapters.Conformance.AuthState;
using Xunit;
using static Adapters.InMemory.Tests.Caching.CachingKit;

namespace Adapters.InMemory.Tests.Caching;

/// <summary>The cache never holds a value the store does not: failed writes, and reads racing writes.</summary>
public sealed class CachingAuthStateStoreConsistencyTests
{
    public static TheoryData<string> Failures => ["unavailable", "timeout", "refused"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_write_that_fails_before_reaching_the_store_leaves_the_old_value_readable(string failure)
    {
        var probe = new ProbeAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(probe);
        await cache.SetKeysAsync(Session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "a", Bytes(1) }, { AuthKeyTypes.Session, "b", Bytes(2) } }, Ct);
        await cache.WriteCredentialsAsync(Session, Bytes(3), Ct);
        probe.FailNextWriteBefore = Failure(failure);

        await Assert.ThrowsAnyAsync<Exception>(() => cache.SetKeysAsync(Session, One("a", Bytes(10)), Ct).AsTask());

        Assert.Equal(Bytes(1), await cache.ReadKeyAsync("a"));   // from the store: the entry was dropped, not kept or replaced
        Assert.Equal(1, probe.KeyReads);
        Assert.Equal(Bytes(2), await cache.ReadKeyAsync("b"));   // untouched by the failed write: still cached
        Assert.Equal(1, probe.KeyReads);

        probe.FailNextWriteBefore = Failure(failure);
        await Assert.ThrowsAnyAsync<Exception>(() => cache.WriteCredentialsAsync(Session, Bytes(11), Ct).AsTask());
        Assert.Equal(Bytes(3), await cache.ReadCredentialsAsync(Session, Ct));
        Assert.Equal(1, probe.CredentialReads);
    }

    [Fact]
    public async Task A_write_applied_by_the_store_that_still_fails_is_read_back_from_the_store()
    {
        var probe = new ProbeAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(probe);
        await cache.SetKeysAsync(Session, One("a", Bytes(1)), Ct);
        probe.FailNextWriteAfter = new TimeoutException("the reply was lost");

        await Assert.ThrowsAsync<TimeoutException>(() => cache.SetKeysAsync(Session, One("a", Bytes(2)), Ct).AsTask());

        Assert.Equal(Bytes(2), await cache.ReadKeyAsync("a"));
        Assert.Equal(1, probe.KeyReads);
    }

    [Fact]
    public async Task A_commit_retried_by_a_transaction_caches_only_what_was_finally_written()
    {
        var flaky = new FlakyAuthStateStore(new InMemoryAuthStateStore());
        await using var cache = CachingAuthStateStore.Create(flaky);
        await cache.SetKeysAsync(Session, One("a", Bytes(1)), Ct);
        flaky.FailNextSets = 2;

        await cache.TransactionAsync(Session, tx =>
        {
            tx.Set(AuthKeyTypes.Session, "a", Bytes(2));
            return ValueTask.CompletedTask;
        }, new AuthTransactionOptions { MaxCommitAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(1) }, Ct);

        Assert.Equal(4, flaky.SetCalls);
        Assert.Equal(Bytes(2), await cache.ReadKeyAsync("a"));
        Assert.Equal(0, flaky.GetCalls);   // the successful commit installed its value
    }

    [Fact]
    public async Task A_read_answered_after_a_write_does_not_put_the_old_value_back()
    {
        var probe = new ProbeAuthStateStore();
        await probe.Inner.SetKeysAsync(Session, One("a", Bytes(1)), Ct);
        await using var cache = CachingAuthStateStore.Create(probe);
        probe.HoldAnswers();
        var slowRead = cache.ReadKeyAsync("a");              // reads the old value now, answers after the write

        await cache.SetKeysAsync(Session, One("a", Bytes(2)), Ct);
        probe.ReleaseAnswers();

        Assert.Equal(Bytes(1), await slowRead);              // concurrent with the write: either value was fine
        Assert.Equal(Bytes(2), await cache.ReadKeyAsync("a"));
        Assert.Equal(1, probe.KeyReads);                     // the write's own value, not the slow read's
    }

    [Fact]
    public async Task A_reader_arriving_after_a_write_does_not_join_a_read_that_started_before_it()
    {
        var probe = new ProbeAuthStateStore();
        await probe.Inner.SetKeysAsync(Session, One("a", Bytes(1)), Ct);
        await using var cache = CachingAuthStateStore.Create(probe, new CachingAuthStateStoreOptions { MaxEntryBytes = 64 });
        probe.HoldAnswers();
        var slowRead = cache.ReadKeyAsync("a");

        await cache.SetKeysAsync(Session, One("a", Bytes(2, 100)), Ct);   // too large to cache: readers must ask the store
        var afterWrite = cache.ReadKeyAsync("a");
        probe.ReleaseAnswers();

        Assert.Equal(Bytes(1), await slowRead);
        Assert.Equal(Bytes(2, 100), await afterWrite);
        Assert.Equal(2, probe.KeyReads);
    }

    [Fact]
    public async Task Concurrent_reads_of_the_same_missing_entries_ask_the_store_once()
    {
        var probe = new ProbeAuthStateStore();
        await probe.Inner.SetKeysAsync(Session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "a", Bytes(1) }, { AuthKeyTypes.Session, "c", Bytes(3) } }, Ct);
        await probe.Inner.WriteCredentialsAsync(Session, Bytes(9), Ct);
        await using var cache = CachingAuthStateStore.Create(probe);
        probe.HoldAnswers();

        var readers = Enumerable.Range(0, 10).Select(_ => cache.GetKeysAsync(Session, AuthKeyTypes.Session, ["a", "b"], Ct).AsTask()).ToList();
        var overlapping = cache.GetKeysAsync(Session, AuthKeyTypes.Session, ["b", "c"], Ct).AsTask();
        var credentials = Enumerable.Range(0, 5).Select(_ => cache.ReadCredentialsAsync(Session, Ct).AsTask()).ToList();
        Assert.Equal(2, probe.KeyReads);
        Assert.Equal(1, probe.CredentialReads);
        probe.ReleaseAnswers();

        foreach (var read in await Task.WhenAll(readers))
        {
            Assert.Equal(["a"], read.Keys);
            Assert.Equal(Bytes(1), read["a"]);
        }

        Assert.Equal(["c"], (await overlapping).Keys);
        Assert.All(await Task.WhenAll(credentials), value => Assert.Equal(Bytes(9), value));
        Assert.Equal([["a", "b"], ["c"]], probe.KeyReadIds);
        Assert.Equal(4, cache.Statistics.Misses);                 // a and b (first reader), c, the credentials
        Assert.Equal((9 * 2) + 1 + 4, cache.Statistics.CoalescedReads);
    }

    [Fact]
    public async Task Every_reader_of_a_shared_read_gets_its_failure_and_the_next_read_asks_again()
    {
        var probe = new ProbeAuthStateStore();
        await probe.Inner.SetKeysAsync(Session, One("a", Bytes(1)), Ct);
        await using var cache = CachingAuthStateStore.Create(probe);
        probe.HoldAnswers();
        probe.FailReads = new AuthStoreUnavailableException("down") { SessionId = Session };

        var readers = Enumerable.Range(0, 3).Select(_ => cache.ReadKeyAsync("a")).ToList();
        probe.ReleaseAnswers();
        foreach (var reader in readers)
        {
            await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => reader);
        }

        probe.FailReads = null;
        Assert.Equal(Bytes(1), await cache.ReadKeyAsync("a"));
        Assert.Equal(2, probe.KeyReads);
    }

    [Fact]
    public async Task A_reader_that_gives_up_does_not_fail_the_others_sharing_its_read()
    {
        var probe = new ProbeAuthStateStore();
        await probe.Inner.SetKeysAsync(Session, One("a", Bytes(1)), Ct);
        await using var cache = CachingAuthStateStore.Create(probe);
        probe.HoldAnswers();
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var leader = cache.GetKeysAsync(Session, AuthKeyTypes.Session, ["a"], impatient.Token).AsTask();
        var follower = cache.ReadKeyAsync("a");
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        probe.ReleaseAnswers();

        Assert.Equal(Bytes(1), await follower);
        Assert.Equal(1, probe.KeyReads);
    }

    [Fact]
    public async Task Concurrent_writers_of_one_session_leave_the_cache_agreeing_with_the_store()
    {
        var store = new InMemoryAuthStateStore();
        await using var cache = CachingAuthStateStore.Create(store);
        for (var round = 0; round < 100; round++)
        {
            var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(() => cache.SetKeysAsync(Session, One("k", [(byte)writer, (byte)round]), Ct).AsTask(), Ct));
            var reader = Task.Run(() => cache.ReadKeyAsync("k"), Ct);
            await Task.WhenAll(writers);
            await reader;

            Assert.Equal(await store.ReadKeyAsync("k"), await cache.ReadKeyAsync("k"));
        }
    }

    private static Exception Failure(string kind) => kind switch
    {
        "unavailable" => new AuthStoreUnavailableException("down") { SessionId = Session },
        "timeout" => new TimeoutException("no reply"),
        _ => new ArgumentException("too large", "changes"),
    };
}
