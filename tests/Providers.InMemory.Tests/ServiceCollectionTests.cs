using Adapters.Conformance;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Adapters.InMemory.Tests;

public sealed class ServiceCollectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_in_memory_providers_resolve_as_singletons_on_the_containers_clock()
    {
        var clock = new ManualTimeProvider();
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddAdaptersInMemory()
            .AddAdaptersMemoryCache()
            .AddAdaptersInMemory()
            .BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<InMemoryMapStore>(), provider.GetRequiredService<IChangeTrackingMapFactory>());
        Assert.IsType<InMemoryAuthStateStore>(provider.GetRequiredService<IAuthStateStore>());
        Assert.Same(provider.GetRequiredService<InMemoryDistributedCache>(), provider.GetRequiredService<IDistributedCache>());
        Assert.Single(provider.GetServices<IAuthStateStore>());
    }

    [Fact]
    public async Task Registered_processors_run_with_the_host_each_with_its_own_handlers()
    {
        var orders = new List<string>();
        var audit = new List<string>();
        using var host = new HostBuilder().ConfigureServices(services =>
        {
            services.AddAdaptersInMemory();
            IChangeFeed<string, int> Map(IServiceProvider sp) => sp.GetRequiredService<IChangeTrackingMapFactory>().GetMap<string, int>("orders");
            services.AddChangeBatchProcessor<string, int>(Map, o => (o.Group, o.QuietPeriod, o.PollInterval) = ("billing", TimeSpan.Zero, TimeSpan.FromMilliseconds(20)))
                .AddHandler((batch, _) =>
                {
                    lock (orders)
                    {
                        orders.AddRange(batch.Entries.Select(e => e.Key));
                    }

                    return ValueTask.CompletedTask;
                });
            services.AddChangeBatchProcessor<string, int>(Map, o => (o.Group, o.QuietPeriod, o.PollInterval) = ("audit", TimeSpan.Zero, TimeSpan.FromMilliseconds(20)))
                .AddHandler((batch, _) =>
                {
                    lock (audit)
                    {
                        audit.AddRange(batch.Entries.Select(e => e.Key));
                    }

                    return ValueTask.CompletedTask;
                });
        }).Build();

        await host.StartAsync(Ct);
        await using var map = host.Services.GetRequiredService<IChangeTrackingMapFactory>().GetMap<string, int>("orders");
        await map.SetAsync("order-1", 1, Ct);
        for (var i = 0; i < 500 && (orders.Count == 0 || audit.Count == 0); i++)
        {
            await Task.Delay(10, Ct);
        }

        await host.StopAsync(Ct);
        Assert.Equal(["order-1"], orders);
        Assert.Equal(["order-1"], audit);
        Assert.Equal(2, host.Services.GetServices<IHostedService>().OfType<ChangeBatchProcessor<string, int>>().Count());
    }

    [Fact]
    public void Invalid_processor_options_fail_at_registration()
        => Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddChangeBatchProcessor<string, int>(_ => throw new InvalidOperationException(), o => o.MaxBatchSize = 0));
}
