using Adapters.Redis.Auth;
using Xunit;

namespace Adapters.Redis.Tests.Auth;

/// <summary>The natural batching of key reads, driven by a fetch whose completion the test controls (no server, no timing).</summary>
public sealed class KeyReadBatcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lone_read_goes_straight_through_with_its_own_ids()
    {
        var server = new ControlledFetch();
        var batcher = new KeyReadBatcher(server.FetchAsync);

        var read = batcher.GetAsync("s", "pre-key", ["1", "2"], Ct);
        server.CompleteNext();

        Assert.Equal(["1", "2"], (await read).Keys.Order(StringComparer.Ordinal));
        Assert.Equal([["1", "2"]], server.Requests);
        Assert.Equal(0, batcher.InFlight);
    }

    [Fact]
    public async Task Reads_issued_while_one_is_in_flight_share_one_more_fetch_and_each_gets_exactly_its_ids()
    {
        var server = new ControlledFetch();
        var batcher = new KeyReadBatcher(server.FetchAsync);
        var first = batcher.GetAsync("s", "session", ["a"], Ct);
        var followers = Enumerable.Range(0, 20).Select(i => batcher.GetAsync("s", "session", [$"id{i}", $"id{i + 1}", "missing"], Ct).AsTask()).ToArray();

        Assert.Single(server.Requests);
        server.CompleteNext();
        await first;
        await server.WaitForRequestsAsync(2);
        server.CompleteNext();
        var results = await Task.WhenAll(followers);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 21).Select(i => $"id{i}").Append("missing").Order(StringComparer.Ordinal), server.Requests[1].Order(StringComparer.Ordinal));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(new[] { $"id{i}", $"id{i + 1}" }.Order(StringComparer.Ordinal), results[i].Keys.Order(StringComparer.Ordinal));
            Assert.Equal(ControlledFetch.ValueOf($"id{i}"), results[i][$"id{i}"]);
        }

        // Two callers asked for id1: each owns its copy.
        results[0]["id1"][0] ^= 0xFF;
        Assert.Equal(ControlledFetch.ValueOf("id1"), results[1]["id1"]);
        Assert.Equal(0, batcher.InFlight);
    }

    [Fact]
    public async Task Lanes_are_per_session_and_type()
    {
        var server = new ControlledFetch();
        var batcher = new KeyReadBatcher(server.FetchAsync);

        var reads = new[]
        {
            batcher.GetAsync("s1", "pre-key", ["1"], Ct).AsTask(),
            batcher.GetAsync("s1", "session", ["1"], Ct).AsTask(),
            batcher.GetAsync("s2", "pre-key", ["1"], Ct).AsTask(),
        };

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, batcher.InFlight);
        server.CompleteAll();
        await Task.WhenAll(reads);
        Assert.Equal(0, batcher.InFlight);
    }

    [Fact]
    public async Task A_failed_batch_fails_every_caller_in_it_with_its_own_exception_and_the_lane_recovers()
    {
        var server = new ControlledFetch();
        var batcher = new KeyReadBatcher(server.FetchAsync);
        var first = batcher.GetAsync("s", "session", ["a"], Ct);
        var second = batcher.GetAsync("s", "session", ["b"], Ct).AsTask();
        var third = batcher.GetAsync("s", "session", ["c"], Ct).AsTask();
        server.CompleteNext();
        await first;
        await server.WaitForRequestsAsync(2);

        server.FailNext(new AuthStoreUnavailableException("down") { SessionId = "s", Operation = "HMGET" });

        var errors = new[] { await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => second), await Assert.ThrowsAsync<AuthStoreUnavailableException>(() => third) };
        Assert.NotSame(errors[0], errors[1]);
        Assert.All(errors, error => Assert.Equal(("s", "HMGET"), (error.SessionId, error.Operation)));
        Assert.Equal(0, batcher.InFlight);

        var again = batcher.GetAsync("s", "session", ["a"], Ct);
        server.CompleteNext();
        Assert.Single(await again);
    }

    [Fact]
    public async Task A_follower_that_cancels_leaves_the_batch_to_the_others()
    {
        var server = new ControlledFetch();
        var batcher = new KeyReadBatcher(server.FetchAsync);
        var first = batcher.GetAsync("s", "session", ["a"], Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var cancelled = batcher.GetAsync("s", "session", ["b"], cancel.Token).AsTask();
        var kept = batcher.GetAsync("s", "session", ["c"], Ct).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        server.CompleteNext();
        await first;
        await server.WaitForRequestsAsync(2);
        server.CompleteNext();

        Assert.Equal(["c"], (await kept).Keys);
    }

    /// <summary>A fetch that answers only when told to: every requested id exists except "missing".</summary>
    private sealed class ControlledFetch
    {
        private readonly Lock _gate = new();
        private readonly List<string[]> _requests = [];
        private readonly Queue<TaskCompletionSource<Dictionary<string, byte[]>>> _pending = new();

        public List<string[]> Requests
        {
            get
            {
                lock (_gate)
                {
                    return [.. _requests];
                }
            }
        }

        public static byte[] ValueOf(string id) => System.Text.Encoding.UTF8.GetBytes("value of " + id);

        public async ValueTask<Dictionary<string, byte[]>> FetchAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        {
            var answer = new TaskCompletionSource<Dictionary<string, byte[]>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var requested = ids.ToArray();
            lock (_gate)
            {
                _requests.Add(requested);
                _pending.Enqueue(answer);
            }

            var everything = await answer.Task;
            return everything.Where(pair => requested.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
        }

        public void CompleteNext() => Dequeue().SetResult(Everything());

        public void FailNext(Exception failure) => Dequeue().SetException(failure);

        public void CompleteAll()
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_pending.Count == 0)
                    {
                        return;
                    }
                }

                CompleteNext();
            }
        }

        public async Task WaitForRequestsAsync(int count)
        {
            for (var i = 0; i < 400 && Requests.Count < count; i++)
            {
                await Task.Delay(5, Ct);
            }

            Assert.Equal(count, Requests.Count);
        }

        private TaskCompletionSource<Dictionary<string, byte[]>> Dequeue()
        {
            lock (_gate)
            {
                return _pending.Dequeue();
            }
        }

        private Dictionary<string, byte[]> Everything()
        {
            lock (_gate)
            {
                return _requests.SelectMany(ids => ids).Distinct().Where(id => id != "missing").ToDictionary(id => id, ValueOf, StringComparer.Ordinal);
            }
        }
    }
}
