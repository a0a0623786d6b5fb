using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>Stampede protection: one factory run per key, shared by every concurrent caller.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    /// <summary>A factory that blocks until released and records the token it was given.</summary>
    protected sealed class GatedFactory<T>
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<T> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        /// <summary>How many times the factory ran.</summary>
        public int Calls => Volatile.Read(ref _calls);

        /// <summary>The token of the first run.</summary>
        public CancellationToken Token { get; private set; }

        /// <summary>Completes when the factory first runs.</summary>
        public Task Started => _started.Task;

        /// <summary>Completes when the token of a run is cancelled.</summary>
        public Task Cancelled => _cancelled.Task;

        /// <summary>Lets every run return <paramref name="value"/>.</summary>
        public void Release(T value) => _release.TrySetResult(value);

        /// <summary>Makes every run throw <paramref name="exception"/>.</summary>
        public void Fail(Exception exception) => _release.TrySetException(exception);

        /// <summary>The factory to pass to <c>GetOrCreateAsync</c>.</summary>
        public async ValueTask<T> Invoke(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Token = cancellationToken;
            }

            cancellationToken.Register(() => _cancelled.TrySetResult());
            _started.TrySetResult();
            return await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [Fact]
    public virtual async Task Concurrent_callers_of_one_key_share_one_factory_run()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        var factory = new GatedFactory<string>();

        var callers = Enumerable.Range(0, 10).Select(_ => node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct).AsTask()).ToArray();
        await factory.Started.WaitAsync(Ct);
        factory.Release("shared");

        Assert.All(await Task.WhenAll(callers), value => Assert.Equal("shared", value));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public virtual async Task One_caller_cancelling_leaves_the_factory_running_for_the_others()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        var factory = new GatedFactory<string>();
        using var first = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var second = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var cancelled = node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: first.Token).AsTask();
        var waiting = node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: second.Token).AsTask();
        await factory.Started.WaitAsync(Ct);
        await first.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(factory.Token.IsCancellationRequested);
        factory.Release("value");
        Assert.Equal("value", await waiting);
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public virtual async Task The_factory_token_is_cancelled_once_every_caller_cancelled()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        var factory = new GatedFactory<string>();
        using var first = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var second = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var one = node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: first.Token).AsTask();
        var two = node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: second.Token).AsTask();
        await factory.Started.WaitAsync(Ct);
        await first.CancelAsync();
        await second.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => one);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => two);
        await factory.Cancelled.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(factory.Token.IsCancellationRequested);
    }

    [Fact]
    public virtual async Task A_factory_exception_reaches_every_waiter_and_is_not_cached()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        var factory = new GatedFactory<string>();

        var callers = Enumerable.Range(0, 3).Select(_ => node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct).AsTask()).ToArray();
        await factory.Started.WaitAsync(Ct);
        factory.Fail(new InvalidDataException("factory failed"));

        foreach (var caller in callers)
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => caller);
            Assert.Equal("factory failed", error.Message);
        }

        Assert.Equal(1, factory.Calls);
        var next = Counting("after");
        Assert.Equal("after1", await node.Cache.GetOrCreateAsync(key, next.Invoke, cancellationToken: Ct));
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public virtual async Task One_key_cached_as_two_types_throws_InvalidOperationException()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();

        Assert.Equal("text", await ReadAsync(node.Cache, key, "text"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await ReadAsync(node.Cache, key, 42));
    }

    [Fact]
    public virtual async Task One_key_fetched_as_two_types_at_once_throws_InvalidOperationException()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        var factory = new GatedFactory<string>();

        var running = node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct).AsTask();
        await factory.Started.WaitAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await ReadAsync(node.Cache, key, 42));
        factory.Release("text");
        Assert.Equal("text", await running);
    }
}
