using System.Collections.Concurrent;
using Adapters.Redis.Tests.Client;
using Xunit;

namespace Adapters.Redis.Tests.Hybrid;

/// <summary>What one backplane handler received, in order, with bounded waits for what is still on its way.</summary>
internal sealed class BackplaneInbox
{
    private readonly ConcurrentQueue<HybridCacheInvalidation> _received = new();

    public int Count => _received.Count;

    public IReadOnlyList<HybridCacheInvalidation> Received => [.. _received];

    public void Add(HybridCacheInvalidation invalidation) => _received.Enqueue(invalidation);

    /// <summary>Waits (bounded) until <paramref name="count"/> messages arrived and returns them.</summary>
    public async Task<IReadOnlyList<HybridCacheInvalidation>> TakeAsync(int count)
    {
        await ClientKit.UntilAsync(() => _received.Count >= count, $"{count} invalidations (got {_received.Count})");
        return Received;
    }

    /// <summary>The messages the transport raised itself: everything, without an origin.</summary>
    public int TransportFlushes => _received.Count(message => message is { Kind: HybridCacheInvalidationKind.Everything, Origin: null });

    /// <summary>Waits (bounded) for a message with <paramref name="origin"/> and key <paramref name="key"/>.</summary>
    public Task ReceivesAsync(string origin, string key)
        => ClientKit.UntilAsync(() => _received.Any(message => message.Origin == origin && message.Key == key), $"key {key} from {origin}");

    public static void Equal(HybridCacheInvalidation expected, HybridCacheInvalidation actual)
        => Assert.Equal(HybridInvalidationCodecTests.Describe(expected), HybridInvalidationCodecTests.Describe(actual));
}
