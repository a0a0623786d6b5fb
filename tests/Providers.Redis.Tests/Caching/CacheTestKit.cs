using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Caching;

/// <summary>What the cache tests share: connections, unique instance names, raw looks at entries, span counting.</summary>
internal static class CacheTestKit
{
    /// <summary>A prefix no other test uses, so every test owns its keys on the shared servers.</summary>
    public static string NewInstance(string purpose) => $"cache-{purpose}:{Guid.NewGuid():N}:";

    public static async Task<RedisConnection> StandaloneAsync(RedisServers servers, Action<RedisOptions>? configure = null)
        => await ConnectAsync(await servers.GetStandaloneAsync(), configure);

    public static async Task<RedisConnection> ClusterAsync(RedisServers servers)
    {
        var cluster = await servers.GetClusterAsync();
        return await RedisConnection.ConnectAsync(cluster.ConfigurationString, cancellationToken: Ct).WaitAsync(Bound, Ct);
    }

    /// <summary>The key's remaining time to live in milliseconds (-1: none, -2: no key), read with PTTL.</summary>
    public static async Task<long> PttlAsync(this RedisConnection redis, string key) => (await redis.RawAsync("PTTL", key)).AsInt64();

    /// <summary>Every field of the entry's hash, values as text except <c>data</c>, which is returned apart.</summary>
    public static async Task<(Dictionary<string, string> Fields, byte[]? Data)> EntryAsync(this RedisConnection redis, string key)
    {
        var pairs = await redis.Executor.HashGetAllAsync(key, Ct).Bounded();
        var fields = pairs.ToDictionary(pair => Encoding.UTF8.GetString(pair.Key), pair => Encoding.UTF8.GetString(pair.Value), StringComparer.Ordinal);
        var data = pairs.Where(pair => Encoding.UTF8.GetString(pair.Key) == "data").Select(pair => pair.Value).FirstOrDefault();
        return (fields, data);
    }

    /// <summary>Shortens a key's TTL, as if time had passed since the last access (PEXPIRE).</summary>
    public static async Task AgeAsync(this RedisConnection redis, string key, TimeSpan left)
        => Assert.Equal(1, (await redis.RawAsync("PEXPIRE", key, (long)left.TotalMilliseconds)).AsInt64());

    /// <summary>
    /// Collects the client spans (one per command sent) started under one parent activity, so commands of other tests
    /// running at the same time do not count.
    /// </summary>
    public sealed class CommandSpans : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _spans = new();
        private readonly Activity _parent;
        private readonly ActivityListener _listener;

        public CommandSpans()
        {
            _parent = new Activity("cache-test").SetIdFormat(ActivityIdFormat.W3C).Start();
            var trace = _parent.TraceId;
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Adapters.Redis",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TraceId == trace)
                    {
                        _spans.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        /// <summary>The commands counted so far, in the order they completed.</summary>
        public IReadOnlyList<Activity> Spans => [.. _spans];

        public IReadOnlyList<string> Commands => [.. _spans.Select(span => span.DisplayName)];

        /// <summary>Forgets what was counted so far (a warm-up).</summary>
        public void Clear() => _spans.Clear();

        public void Dispose()
        {
            _listener.Dispose();
            _parent.Stop();
        }
    }
}
