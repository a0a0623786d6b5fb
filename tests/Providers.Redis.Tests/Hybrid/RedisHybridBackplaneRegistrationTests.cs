using Adapters.InMemory;
using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.Hybrid;

public sealed class RedisHybridBackplaneRegistrationTests(RedisServers servers)
{
    [Fact]
    public async Task The_backplane_resolves_on_the_containers_connection_and_leaves_it_open()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = RedisHybridCacheBackplaneTests.NewChannel();
        await using var connection = await ClientKit.ConnectAsync(server);
        var provider = new ServiceCollection()
            .AddSingleton(connection)
            .AddAdaptersRedisHybridBackplane(options => options.Channel = channel)
            .AddAdaptersRedisHybridBackplane(options => options.Channel = "ignored:second:registration")
            .BuildServiceProvider();

        var backplane = Assert.IsType<RedisHybridCacheBackplane>(provider.GetRequiredService<IHybridCacheBackplane>());
        Assert.Same(backplane, provider.GetRequiredService<IHybridCacheBackplane>());
        Assert.Equal(channel, backplane.Channel);
        var inbox = new BackplaneInbox();
        await using (await backplane.SubscribeAsync(inbox.Add, Ct))
        {
            await backplane.PublishAsync(HybridCacheInvalidation.ForKey("node-a", "k"), Ct);
            await inbox.ReceivesAsync("node-a", "k");
        }

        await provider.DisposeAsync();
        await ClientKit.UntilAsync(async () => await server.CliAsync("PUBSUB", "NUMSUB", channel) == $"{channel}\n0\n", "the backplane to leave the channel");
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Without_a_shared_connection_the_backplane_opens_its_own_from_the_distributed_cache_configuration_and_closes_it()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = RedisHybridCacheBackplaneTests.NewChannel();
        var services = new ServiceCollection();
        services.AddAdaptersRedisCache(options => options.Configuration = server.EndPoint);
        services.AddAdaptersRedisHybridBackplane(options => options.Channel = channel);
        var provider = services.BuildServiceProvider();

        var backplane = provider.GetRequiredService<IHybridCacheBackplane>();
        await backplane.SubscribeAsync(_ => { }, Ct);
        Assert.Equal($"{channel}\n1\n", await server.CliAsync("PUBSUB", "NUMSUB", channel));

        await provider.DisposeAsync();
        await ClientKit.UntilAsync(async () => await server.CliAsync("PUBSUB", "NUMSUB", channel) == $"{channel}\n0\n", "the backplane to close its connection");
    }

    [Fact]
    public async Task A_connection_factory_overload_uses_what_it_returns()
    {
        var server = await servers.GetStandaloneAsync();
        await using var connection = await ClientKit.ConnectAsync(server);
        await using var provider = new ServiceCollection()
            .AddAdaptersRedisHybridBackplane(_ => connection, options => options.Channel = "adapters:hybrid:v1:factory")
            .BuildServiceProvider();

        var backplane = Assert.IsType<RedisHybridCacheBackplane>(provider.GetRequiredService<IHybridCacheBackplane>());

        Assert.Equal("adapters:hybrid:v1:factory", backplane.Channel);
        await backplane.PublishAsync(HybridCacheInvalidation.Everything("node-a"), Ct);
    }

    [Fact]
    public void An_existing_backplane_is_kept_a_bad_channel_fails_at_registration_and_a_missing_connection_is_named()
    {
        using var kept = new ServiceCollection().AddAdaptersMemoryHybridBackplane().AddAdaptersRedisHybridBackplane().BuildServiceProvider();
        Assert.IsType<InMemoryHybridCacheBackplane>(kept.GetRequiredService<IHybridCacheBackplane>());

        var bad = Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddAdaptersRedisHybridBackplane(options => options.Channel = " "));
        Assert.Equal("Channel", bad.ParamName);

        using var missing = new ServiceCollection().AddAdaptersRedisHybridBackplane().BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => missing.GetRequiredService<IHybridCacheBackplane>());
        Assert.Contains(nameof(RedisConnection), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(RedisCacheOptions), error.Message, StringComparison.Ordinal);
    }
}
