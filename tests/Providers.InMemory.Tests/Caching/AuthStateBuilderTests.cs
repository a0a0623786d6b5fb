using Adapters.Conformance;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Adapters.InMemory.Tests.Caching.CachingKit;

namespace Adapters.InMemory.Tests.Caching;

public sealed class AuthStateBuilderTests
{
    [Fact]
    public async Task WithCaching_wraps_the_registered_store_on_the_containers_clock_and_bus()
    {
        var clock = new ManualTimeProvider();
        await using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddAdaptersInMemoryAuthInvalidation()
            .AddAdaptersInMemoryAuthState(options => options.MaxValueBytes = 1024)
            .WithCaching(options => options.TimeToLive = TimeSpan.FromSeconds(30))
            .Services
            .BuildServiceProvider();

        var cache = Assert.IsAssignableFrom<CachingAuthStateStore>(provider.GetRequiredService<IAuthStateStore>());
        Assert.IsType<InMemoryAuthStateStore>(cache.Inner);
        Assert.IsAssignableFrom<IAuthStateKeyEnumeration>(cache);
        Assert.Same(cache, provider.GetRequiredService<IAuthStateStore>());
        await Assert.ThrowsAsync<ArgumentException>(() => cache.WriteCredentialsAsync(Session, new byte[1025], Ct).AsTask());
        await cache.WriteCredentialsAsync(Session, Bytes(1), Ct);

        var bus = Assert.IsType<InMemoryAuthInvalidationBus>(provider.GetRequiredService<IAuthStateInvalidationBus>());
        Assert.Equal(1, bus.SubscriberCount);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, cache.Statistics.Expirations);

        await provider.DisposeAsync();
        Assert.Equal(0, bus.SubscriberCount);
    }

    [Fact]
    public void Decorators_apply_in_order_each_around_the_previous_one()
    {
        var order = new List<string>();
        using var provider = new ServiceCollection()
            .AddAdaptersInMemoryAuthState()
            .Decorate((_, inner) => Named(order, "first", inner))
            .WithCaching()
            .Decorate((_, inner) => Named(order, "last", inner))
            .Services
            .BuildServiceProvider();

        var outer = provider.GetRequiredService<IAuthStateStore>();

        Assert.Equal(["first", "last"], order);
        var cache = Assert.IsAssignableFrom<CachingAuthStateStore>(Assert.IsType<NamedStore>(outer).Inner);
        Assert.Equal("first", Assert.IsType<NamedStore>(cache.Inner).Name);
    }

    [Fact]
    public void A_store_registered_before_the_provider_is_not_decorated()
    {
        var services = new ServiceCollection().AddSingleton<IAuthStateStore>(new ProbeAuthStateStore());

        var builder = services.AddAdaptersInMemoryAuthState();

        Assert.Throws<InvalidOperationException>(() => builder.WithCaching());
        Assert.IsType<ProbeAuthStateStore>(services.BuildServiceProvider().GetRequiredService<IAuthStateStore>());
    }

    [Fact]
    public void A_type_or_instance_registration_is_decorated_too()
    {
        var instance = new InMemoryAuthStateStore();
        IServiceCollection services = new ServiceCollection();
        var byInstance = ServiceDescriptor.Singleton<IAuthStateStore>(instance);
        services.Add(byInstance);
        new AuthStateBuilder(services, byInstance).WithCaching();
        var byType = ServiceDescriptor.Transient<IAuthStateStore, InMemoryAuthStateStore>();
        IServiceCollection other = new ServiceCollection();
        other.Add(byType);
        new AuthStateBuilder(other, byType).WithCaching();

        Assert.Same(instance, Assert.IsAssignableFrom<CachingAuthStateStore>(services.BuildServiceProvider().GetRequiredService<IAuthStateStore>()).Inner);
        using var transient = other.BuildServiceProvider();
        Assert.NotSame(transient.GetRequiredService<IAuthStateStore>(), transient.GetRequiredService<IAuthStateStore>());
        Assert.Equal("registration", Assert.Throws<ArgumentException>(() => new AuthStateBuilder(services, ServiceDescriptor.Singleton<TimeProvider>(TimeProvider.System))).ParamName);
    }

    private static NamedStore Named(List<string> order, string name, IAuthStateStore inner)
    {
        order.Add(name);
        return new NamedStore(name, inner);
    }

    private sealed class NamedStore(string name, IAuthStateStore inner) : IAuthStateStore
    {
        public string Name => name;

        public IAuthStateStore Inner => inner;

        public ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default) => inner.ReadCredentialsAsync(sessionId, cancellationToken);

        public ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default) => inner.WriteCredentialsAsync(sessionId, credentials, cancellationToken);

        public ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) => inner.GetKeysAsync(sessionId, type, ids, cancellationToken);

        public ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default) => inner.SetKeysAsync(sessionId, changes, cancellationToken);

        public ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default) => inner.ClearKeysAsync(sessionId, cancellationToken);

        public ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DeleteSessionAsync(sessionId, cancellationToken);

        public IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default) => inner.ListSessionsAsync(cancellationToken);
    }
}
