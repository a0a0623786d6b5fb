using Xunit;

namespace Adapters.Hybrid.Tests;

/// <summary><see cref="AdaptersHybridCacheOptions.LocalCacheSizeLimit"/> counts serialized bytes, immutable values included.</summary>
public sealed class LocalCacheSizeLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_string_larger_than_the_L1_limit_is_not_kept_in_L1()
    {
        await using var cache = new AdaptersHybridCache(new AdaptersHybridCacheOptions { LocalCacheSizeLimit = 4096 });
        var calls = 0;
        ValueTask<string> Large(CancellationToken _) => ValueTask.FromResult(new string('x', 6000 + Interlocked.Increment(ref calls)));

        await cache.GetOrCreateAsync("large", Large, cancellationToken: Ct);
        await cache.GetOrCreateAsync("large", Large, cancellationToken: Ct);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_string_within_the_L1_limit_is_kept()
    {
        await using var cache = new AdaptersHybridCache(new AdaptersHybridCacheOptions { LocalCacheSizeLimit = 4096 });
        var calls = 0;
        ValueTask<string> Small(CancellationToken _) => ValueTask.FromResult(new string('x', 1000 + Interlocked.Increment(ref calls)));

        await cache.GetOrCreateAsync("small", Small, cancellationToken: Ct);
        await cache.GetOrCreateAsync("small", Small, cancellationToken: Ct);

        Assert.Equal(1, calls);
    }
}
