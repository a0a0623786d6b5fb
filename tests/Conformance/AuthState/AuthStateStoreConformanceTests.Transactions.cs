using Xunit;

namespace Adapters.Conformance.AuthState;

public abstract partial class AuthStateStoreConformanceTests<TFixture>
{
    /// <summary>Commit retries that cost nothing on any clock.</summary>
    protected static AuthTransactionOptions FastRetries => new() { MaxCommitAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public virtual async Task A_transaction_reads_its_own_writes_and_commits_once_at_the_end()
    {
        var session = NewSession();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "old", Bytes(1) }, { AuthKeyTypes.Session, "gone", Bytes(2) } }, Ct);
        var flaky = new FlakyAuthStateStore(Store);

        await flaky.TransactionAsync(session, async tx =>
        {
            tx.Set(AuthKeyTypes.Session, "new", Bytes(3));
            tx.Set(AuthKeyTypes.Session, "gone", null);
            var seen = await tx.GetAsync(AuthKeyTypes.Session, ["old", "new", "gone"], Ct);

            Assert.Equal(Bytes(1), seen["old"]);
            Assert.Equal(Bytes(3), seen["new"]);
            Assert.False(seen.ContainsKey("gone"));
            Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.Session, ["new"], Ct));
            Assert.Equal(2, tx.PendingCount);
        }, cancellationToken: Ct);

        Assert.Equal(1, flaky.SetCalls);
        var stored = await Store.GetKeysAsync(session, AuthKeyTypes.Session, ["old", "new", "gone"], Ct);
        Assert.Equal(["new", "old"], stored.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public virtual async Task A_transaction_fetches_each_id_once()
    {
        var session = NewSession();
        await Store.SetKeysAsync(session, new AuthKeyChangeSet().Set(AuthKeyTypes.PreKey, "1", Bytes(1)), Ct);
        var flaky = new FlakyAuthStateStore(Store);

        await flaky.TransactionAsync(session, async tx =>
        {
            await tx.GetAsync(AuthKeyTypes.PreKey, ["1", "2"], Ct);
            await tx.GetAsync(AuthKeyTypes.PreKey, ["1", "2"], Ct);
            await tx.GetAsync(AuthKeyTypes.PreKey, ["2", "3"], Ct);
        }, cancellationToken: Ct);

        Assert.Equal(2, flaky.GetCalls);
        Assert.Equal(0, flaky.SetCalls);
    }

    [Fact]
    public virtual async Task A_transaction_whose_work_throws_writes_nothing()
    {
        var session = NewSession();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.TransactionAsync(session, tx =>
        {
            tx.Set(AuthKeyTypes.PreKey, "1", Bytes(1));
            throw new InvalidOperationException("work failed");
        }, cancellationToken: Ct).AsTask());

        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct));
    }

    [Fact]
    public virtual async Task Nested_transactions_join_the_outer_one()
    {
        var session = NewSession();
        var flaky = new FlakyAuthStateStore(Store);

        var result = await flaky.TransactionAsync(session, async outer =>
        {
            outer.Set(AuthKeyTypes.PreKey, "outer", Bytes(1));
            return await flaky.TransactionAsync(session, async inner =>
            {
                Assert.Same(outer, inner);
                inner.Set(AuthKeyTypes.PreKey, "inner", Bytes(2));
                return (await inner.GetAsync(AuthKeyTypes.PreKey, ["outer"], Ct)).Count;
            }, cancellationToken: Ct);
        }, cancellationToken: Ct);

        Assert.Equal(1, result);
        Assert.Equal(1, flaky.SetCalls);
        Assert.Equal(2, (await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["outer", "inner"], Ct)).Count);
    }

    [Fact]
    public virtual async Task A_transaction_on_another_session_inside_one_is_independent()
    {
        var first = NewSession();
        var second = NewSession();

        await Store.TransactionAsync(first, async outer =>
        {
            outer.Set(AuthKeyTypes.PreKey, "1", Bytes(1));
            await Store.TransactionAsync(second, inner =>
            {
                Assert.NotSame(outer, inner);
                inner.Set(AuthKeyTypes.PreKey, "1", Bytes(2));
                return ValueTask.CompletedTask;
            }, cancellationToken: Ct);

            Assert.Equal(Bytes(2), (await Store.GetKeysAsync(second, AuthKeyTypes.PreKey, ["1"], Ct))["1"]);
        }, cancellationToken: Ct);

        Assert.Equal(Bytes(1), (await Store.GetKeysAsync(first, AuthKeyTypes.PreKey, ["1"], Ct))["1"]);
    }

    [Fact]
    public virtual async Task A_failed_commit_is_retried_until_it_succeeds()
    {
        var session = NewSession();
        var flaky = new FlakyAuthStateStore(Store) { FailNextSets = 2 };

        await flaky.TransactionAsync(session, tx =>
        {
            tx.Set(AuthKeyTypes.PreKey, "1", Bytes(1));
            return ValueTask.CompletedTask;
        }, FastRetries, Ct);

        Assert.Equal(3, flaky.SetCalls);
        Assert.Equal(Bytes(1), (await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct))["1"]);
    }

    [Fact]
    public virtual async Task A_commit_that_keeps_failing_throws_after_the_last_attempt()
    {
        var session = NewSession();
        var flaky = new FlakyAuthStateStore(Store) { FailNextSets = 10 };

        await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => flaky.TransactionAsync(session, tx =>
        {
            tx.Set(AuthKeyTypes.PreKey, "1", Bytes(1));
            return ValueTask.CompletedTask;
        }, FastRetries, Ct).AsTask());

        Assert.Equal(3, flaky.SetCalls);
        Assert.Empty(await Store.GetKeysAsync(session, AuthKeyTypes.PreKey, ["1"], Ct));
    }
}
