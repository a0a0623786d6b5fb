using Adapters.Hybrid;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>Metrics and registration: the instruments move, AddAdaptersHybridCache registers singletons, options are validated.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    [Fact]
    public virtual async Task Metrics_count_L1_hits_L2_hits_and_factory_calls()
    {
        await using var writer = Fixture.CreateNode(backplane: false);
        await using var reader = Fixture.CreateNode(backplane: false);
        using var written = writer.Meters.Record();
        using var read = reader.Meters.Record();
        var key = NewKey();

        await ReadAsync(writer.Cache, key, "v1");
        await ReadAsync(writer.Cache, key, "v1");
        await ReadAsync(reader.Cache, key, "factory");

        Assert.Equal(1, written.Total("adapters.hybrid.factory.calls"));
        Assert.Equal(1, written.Total("adapters.hybrid.l1.hits"));
        Assert.Equal(0, written.Total("adapters.hybrid.l2.hits"));
        Assert.Equal(1, read.Total("adapters.hybrid.l2.hits"));
        Assert.Equal(0, read.Total("adapters.hybrid.factory.calls"));
    }

    [Fact]
    public virtual async Task Metrics_count_misses_and_backplane_messages_sent_and_received()
    {
        RequireCapability(Fixture.HasBackplane, "The fixture has no backplane.");
        await using var writer = Fixture.CreateNode();
        await using var reader = Fixture.CreateNode();
        using var written = writer.Meters.Record();
        using var read = reader.Meters.Record();
        var key = NewKey();
        await ReadAsync(reader.Cache, key, "v1");

        await writer.Cache.SetAsync(key, "v2", cancellationToken: Ct);

        Assert.Equal(1, read.Total("adapters.hybrid.l1.misses"));
        Assert.Equal(1, read.Total("adapters.hybrid.l2.misses"));
        Assert.Equal(1, written.Total("adapters.hybrid.backplane.sent"));
        await EventuallyAsync(() => Task.FromResult(read.Total("adapters.hybrid.backplane.received") == 1), "The reader did not count the writer's message.");
        Assert.Equal(0, written.Total("adapters.hybrid.backplane.received"));
    }

    /// <summary>A container with the provider's L2 and <paramref name="register"/>.</summary>
    private ServiceProvider BuildServices(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        Fixture.AddDistributedCache(services);
        register(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public virtual async Task AddAdaptersHybridCache_returns_its_builder_and_registers_one_singleton()
    {
        var services = new ServiceCollection();
        Fixture.AddDistributedCache(services);
        var builder = services.AddAdaptersHybridCache();
        await using var provider = services.BuildServiceProvider();

        Assert.Same(services, builder.Services);
        var cache = Assert.IsType<AdaptersHybridCache>(provider.GetRequiredService<HybridCache>());
        Assert.Same(cache, provider.GetRequiredService<HybridCache>());
        Assert.Same(cache, provider.GetRequiredService<AdaptersHybridCache>());
    }

    [Fact]
    public virtual async Task AddKeyedAdaptersHybridCache_gives_separate_caches_with_their_own_options()
    {
        await using var provider = BuildServices(services =>
        {
            services.AddAdaptersHybridCache(options => options.MaximumKeyLength = 100);
            services.AddKeyedAdaptersHybridCache("first", options => options.MaximumKeyLength = 200);
            services.AddKeyedAdaptersHybridCache("second", options => options.MaximumKeyLength = 300);
        });
        var unkeyed = (AdaptersHybridCache)provider.GetRequiredService<HybridCache>();
        var first = (AdaptersHybridCache)provider.GetRequiredKeyedService<HybridCache>("first");
        var second = (AdaptersHybridCache)provider.GetRequiredKeyedService<HybridCache>("second");
        var key = NewKey();

        Assert.Equal([100, 200, 300], new[] { unkeyed, first, second }.Select(cache => cache.Options.MaximumKeyLength));
        Assert.Same(first, provider.GetRequiredKeyedService<HybridCache>("first"));
        Assert.Equal("first", await ReadAsync(first, key, "first", Flags(HybridCacheEntryFlags.DisableDistributedCache)));
        Assert.Equal("second", await ReadAsync(second, key, "second", Flags(HybridCacheEntryFlags.DisableDistributedCache)));
        Assert.Equal("unkeyed", await ReadAsync(unkeyed, key, "unkeyed", Flags(HybridCacheEntryFlags.DisableDistributedCache)));
    }

    [Theory]
    [InlineData(nameof(AdaptersHybridCacheOptions.MaximumPayloadBytes))]
    [InlineData(nameof(AdaptersHybridCacheOptions.MaximumKeyLength))]
    [InlineData(nameof(AdaptersHybridCacheOptions.CompressionThreshold))]
    [InlineData(nameof(AdaptersHybridCacheOptions.TagRetention))]
    [InlineData(nameof(AdaptersHybridCacheOptions.FailSafeMaxDuration))]
    [InlineData(nameof(AdaptersHybridCacheOptions.FactorySoftTimeout))]
    [InlineData(nameof(AdaptersHybridCacheOptions.EagerRefreshThreshold))]
    [InlineData(nameof(AdaptersHybridCacheOptions.LocalCacheSizeLimit))]
    [InlineData(nameof(AdaptersHybridCacheOptions.DefaultEntryOptions))]
    public virtual async Task An_unusable_option_fails_with_an_error_naming_it(string option)
    {
        await using var provider = BuildServices(services => services.AddAdaptersHybridCache(options => Spoil(options, option)));

        var error = Assert.ThrowsAny<ArgumentException>(() => provider.GetRequiredService<HybridCache>());

        Assert.Contains(option, error.ParamName + " " + error.Message, StringComparison.Ordinal);
    }

    private static void Spoil(AdaptersHybridCacheOptions options, string option)
    {
        switch (option)
        {
            case nameof(AdaptersHybridCacheOptions.MaximumPayloadBytes): options.MaximumPayloadBytes = 0; break;
            case nameof(AdaptersHybridCacheOptions.MaximumKeyLength): options.MaximumKeyLength = -1; break;
            case nameof(AdaptersHybridCacheOptions.CompressionThreshold): options.CompressionThreshold = -1; break;
            case nameof(AdaptersHybridCacheOptions.TagRetention): options.TagRetention = TimeSpan.Zero; break;
            case nameof(AdaptersHybridCacheOptions.FailSafeMaxDuration): options.FailSafeMaxDuration = TimeSpan.FromSeconds(-1); break;
            case nameof(AdaptersHybridCacheOptions.FactorySoftTimeout): options.FactorySoftTimeout = TimeSpan.FromSeconds(-5); break;
            case nameof(AdaptersHybridCacheOptions.EagerRefreshThreshold): options.EagerRefreshThreshold = 1.5; break;
            case nameof(AdaptersHybridCacheOptions.LocalCacheSizeLimit): options.LocalCacheSizeLimit = 0; break;
            default: options.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = TimeSpan.Zero }; break;
        }
    }
}
