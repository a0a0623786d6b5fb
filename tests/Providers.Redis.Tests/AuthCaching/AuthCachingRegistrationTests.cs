using Adapters.Compression;
using Adapters.InMemory;
using Adapters.Redis.Tests.Client;
using Adapters.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.AuthCaching;

public sealed class AuthCachingRegistrationTests(RedisServers servers)
{
    [Fact]
    public async Task The_Redis_store_is_decorated_and_the_bus_uses_the_containers_connection()
    {
        var server = await servers.GetStandaloneAsync();
        await using var connection = await ClientKit.ConnectAsync(server);
        var services = new ServiceCollection().AddSingleton(connection);
        var zstd = new ICompressionCodec[] { CompressionCodecs.Zstd(), CompressionCodecs.GZip() }.First(codec => codec.IsAvailable);
        services.AddAdaptersRedisAuthState(options => options.ConnectionFactory = () => Task.FromResult(connection))
            .WithCompression(zstd, threshold: 256)
            .WithCaching(options => options.Name = "registration-test")
            .WithRedisInvalidation(options => options.Channel = CacheNode.NewChannel());
        await using var provider = services.BuildServiceProvider();

        var cache = Assert.IsAssignableFrom<CachingAuthStateStore>(provider.GetRequiredService<IAuthStateStore>());
        var compressing = Assert.IsAssignableFrom<CompressingAuthStateStore>(cache.Inner);
        Assert.IsType<RedisAuthStateStore>(compressing.Inner);
        Assert.IsAssignableFrom<IAuthStateKeyEnumeration>(cache);
        Assert.IsType<RedisAuthInvalidationBus>(provider.GetRequiredService<IAuthStateInvalidationBus>());

        var session = NewSession("di");
        await cache.WriteCredentialsAsync(session, Bytes(1, 4096), Ct);
        Assert.Equal(Bytes(1, 4096), await cache.ReadCredentialsAsync(session, Ct));
        Assert.Equal("1", (await server.CliAsync("PUBSUB", "NUMSUB", ((RedisAuthInvalidationBus)provider.GetRequiredService<IAuthStateInvalidationBus>()).Channel)).Split('\n')[1].Trim());
    }

    [Fact]
    public async Task Without_a_shared_connection_the_bus_opens_its_own_from_the_store_configuration_and_closes_it()
    {
        var server = await servers.GetStandaloneAsync();
        var channel = CacheNode.NewChannel();
        var services = new ServiceCollection();
        services.AddAdaptersRedisAuthState(options => options.Configuration = server.EndPoint).WithCaching().WithRedisInvalidation(options => options.Channel = channel);
        var provider = services.BuildServiceProvider();

        var cache = Assert.IsAssignableFrom<CachingAuthStateStore>(provider.GetRequiredService<IAuthStateStore>());
        var session = NewSession("di-own");
        await cache.WriteCredentialsAsync(session, Bytes(2), Ct);
        Assert.Equal($"{channel}\n1\n", await server.CliAsync("PUBSUB", "NUMSUB", channel));

        await provider.DisposeAsync();
        await ClientKit.UntilAsync(async () => await server.CliAsync("PUBSUB", "NUMSUB", channel) == $"{channel}\n0\n", "the bus to close its connection");
    }

    [Fact]
    public void Without_any_Redis_configuration_resolving_the_bus_says_what_is_missing()
    {
        var services = new ServiceCollection();
        var builder = services.AddAdaptersInMemoryAuthState().WithCaching().WithRedisInvalidation();
        using var provider = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IAuthStateStore>());
        Assert.Contains(nameof(RedisConnection), error.Message, StringComparison.Ordinal);
    }
}
