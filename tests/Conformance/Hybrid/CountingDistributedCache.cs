using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Conformance.Hybrid;

/// <summary>
/// Forwards to an <see cref="IBufferDistributedCache"/> and counts, per key, which API each call used: the byte-array
/// one of <see cref="IDistributedCache"/> or the buffer one of <see cref="IBufferDistributedCache"/>.
/// </summary>
/// <param name="inner">The provider's cache.</param>
public sealed class CountingDistributedCache(IBufferDistributedCache inner) : IBufferDistributedCache
{
    private readonly ConcurrentDictionary<(string Key, string Call), int> _calls = new();

    /// <summary>How many times <paramref name="call"/> (a method name, <c>Buffer</c>-prefixed for the buffer API) ran for <paramref name="key"/>.</summary>
    public int Count(string key, string call) => _calls.TryGetValue((key, call), out var count) ? count : 0;

    /// <summary>How many calls of any kind ran for <paramref name="key"/> through the byte-array API.</summary>
    public int ArrayCalls(string key) => _calls.Where(c => c.Key.Key == key && !c.Key.Call.StartsWith("Buffer", StringComparison.Ordinal)).Sum(c => c.Value);

    /// <summary>How many calls of any kind ran for <paramref name="key"/> through the buffer API.</summary>
    public int BufferCalls(string key) => _calls.Where(c => c.Key.Key == key && c.Key.Call.StartsWith("Buffer", StringComparison.Ordinal)).Sum(c => c.Value);

    /// <inheritdoc />
    public byte[]? Get(string key) => Note(key, nameof(Get), () => inner.Get(key));

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Note(key, nameof(GetAsync), () => inner.GetAsync(key, token));

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Note(key, nameof(Set), () => inner.Set(key, value, options));

    /// <inheritdoc />
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        => Note(key, nameof(SetAsync), () => inner.SetAsync(key, value, options, token));

    /// <inheritdoc />
    public void Refresh(string key) => Note(key, nameof(Refresh), () => inner.Refresh(key));

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default) => Note(key, nameof(RefreshAsync), () => inner.RefreshAsync(key, token));

    /// <inheritdoc />
    public void Remove(string key) => Note(key, nameof(Remove), () => inner.Remove(key));

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default) => Note(key, nameof(RemoveAsync), () => inner.RemoveAsync(key, token));

    /// <inheritdoc />
    public bool TryGet(string key, IBufferWriter<byte> destination) => Note(key, "BufferTryGet", () => inner.TryGet(key, destination));

    /// <inheritdoc />
    public ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
        => Note(key, "BufferTryGetAsync", () => inner.TryGetAsync(key, destination, token));

    /// <inheritdoc />
    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) => Note(key, "BufferSet", () => inner.Set(key, value, options));

    /// <inheritdoc />
    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
        => Note(key, "BufferSetAsync", () => inner.SetAsync(key, value, options, token));

    private T Note<T>(string key, string call, Func<T> run)
    {
        _calls.AddOrUpdate((key, call), 1, (_, count) => count + 1);
        return run();
    }

    private void Note(string key, string call, Action run)
    {
        _calls.AddOrUpdate((key, call), 1, (_, count) => count + 1);
        run();
    }
}
