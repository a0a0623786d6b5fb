using Microsoft.Extensions.Caching.Distributed;

namespace Adapters.Conformance.Hybrid;

/// <summary>
/// An L2 whose reads and/or writes fail (an outage), wrapping the provider's cache so the other direction still works.
/// It deliberately exposes only <see cref="IDistributedCache"/>, so every call goes through the methods that fail.
/// </summary>
/// <param name="inner">The provider's cache.</param>
/// <param name="failReads">Whether <c>Get</c> throws.</param>
/// <param name="failWrites">Whether <c>Set</c>, <c>Remove</c> and <c>Refresh</c> throw.</param>
public sealed class FailingDistributedCache(IDistributedCache inner, bool failReads = true, bool failWrites = true) : IDistributedCache
{
    private int _failures;

    /// <summary>How many calls failed.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <inheritdoc />
    public byte[]? Get(string key) => failReads ? throw Fail() : inner.Get(key);

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => failReads ? Task.FromException<byte[]?>(Fail()) : inner.GetAsync(key, token);

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (failWrites)
        {
            throw Fail();
        }

        inner.Set(key, value, options);
    }

    /// <inheritdoc />
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        => failWrites ? Task.FromException(Fail()) : inner.SetAsync(key, value, options, token);

    /// <inheritdoc />
    public void Refresh(string key)
    {
        if (failWrites)
        {
            throw Fail();
        }

        inner.Refresh(key);
    }

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default) => failWrites ? Task.FromException(Fail()) : inner.RefreshAsync(key, token);

    /// <inheritdoc />
    public void Remove(string key)
    {
        if (failWrites)
        {
            throw Fail();
        }

        inner.Remove(key);
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default) => failWrites ? Task.FromException(Fail()) : inner.RemoveAsync(key, token);

    private InvalidOperationException Fail()
    {
        Interlocked.Increment(ref _failures);
        return new InvalidOperationException("The distributed cache is down (injected failure).");
    }
}
