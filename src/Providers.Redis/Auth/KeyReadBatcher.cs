namespace Adapters.Redis.Auth;

/// <summary>
/// Natural batching of key reads: while a read of one session and type is in flight, further reads of the same
/// session and type join one "next" batch (the union of their ids), which is fetched with a single read as soon as the
/// in-flight one completes. No timer: an idle lane costs nothing, and a lone caller goes straight to the server.
/// </summary>
/// <remarks>
/// A lane exists only while a read is in flight. The first caller of an idle lane (the leader) fetches exactly its ids
/// on its own cancellation token. Followers wait on the batch, each on its own token; the batch itself is fetched
/// uncancellably (one caller giving up must not fail the others) and is bounded by the connection's command timeout.
/// Followers get copies of the values, so callers never share arrays.
/// </remarks>
internal sealed class KeyReadBatcher(KeyReadBatcher.Fetch fetch)
{
    private readonly Dictionary<(string SessionId, string Type), Batch?> _lanes = [];
    private readonly Lock _gate = new();

    /// <summary>Reads the values of <paramref name="ids"/> (absent ids are absent from the result).</summary>
    public delegate ValueTask<Dictionary<string, byte[]>> Fetch(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>How many reads are in flight (lanes), for tests.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _lanes.Count;
            }
        }
    }

    public async ValueTask<IReadOnlyDictionary<string, byte[]>> GetAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var lane = (sessionId, type);
        Batch? batch = null;
        lock (_gate)
        {
            if (_lanes.TryGetValue(lane, out var next))
            {
                batch = next ?? new Batch();
                batch.Add(ids);
                _lanes[lane] = batch;
            }
            else
            {
                _lanes.Add(lane, null);
            }
        }

        if (batch is null)
        {
            try
            {
                return await fetch(sessionId, type, ids, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Release(lane);
            }
        }

        var values = cancellationToken.CanBeCanceled
            ? await batch.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
            : await batch.Completion.Task.ConfigureAwait(false);
        return values is null ? throw batch.FailureFor() : Select(values, ids);
    }

    private static Dictionary<string, byte[]> Select(Dictionary<string, byte[]> values, IReadOnlyCollection<string> ids)
    {
        var result = new Dictionary<string, byte[]>(Math.Min(ids.Count, values.Count), StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (values.TryGetValue(id, out var value))
            {
                result[id] = value.ToArray();
            }
        }

        return result;
    }

    // The read of a lane completed: the batch that gathered meanwhile (if any) is fetched next, else the lane closes.
    private void Release((string SessionId, string Type) lane)
    {
        Batch? next;
        lock (_gate)
        {
            next = _lanes[lane];
            if (next is null)
            {
                _lanes.Remove(lane);
                return;
            }

            _lanes[lane] = null;
        }

        _ = RunAsync(lane, next);
    }

    private async Task RunAsync((string SessionId, string Type) lane, Batch batch)
    {
        try
        {
            batch.Completion.TrySetResult(await fetch(lane.SessionId, lane.Type, batch.Ids, CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception failure)
        {
            // Handed to every waiting caller (each gets its own exception); nothing is swallowed.
            batch.Fail(failure);
        }
        finally
        {
            Release(lane);
        }
    }

    /// <summary>The reads that joined while another was in flight; completed with null when the fetch failed.</summary>
    private sealed class Batch
    {
        private Exception? _failure;

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource<Dictionary<string, byte[]>?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(IReadOnlyCollection<string> ids) => Ids.UnionWith(ids);

        public void Fail(Exception failure)
        {
            _failure = failure;
            Completion.TrySetResult(null);
        }

        public Exception FailureFor() => _failure switch
        {
            AuthStoreUnavailableException unavailable => AuthFailures.Copy(unavailable),
            { } other => other,
            null => new InvalidOperationException("A batch completed without values or a failure."),
        };
    }
}
