using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Adapters.InMemory.Tests.Hybrid;

public sealed class InMemoryHybridCacheBackplaneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_subscriber_gets_every_message_before_PublishAsync_returns()
    {
        var backplane = new InMemoryHybridCacheBackplane();
        var first = new List<HybridCacheInvalidation>();
        var second = new List<HybridCacheInvalidation>();
        await using var a = await backplane.SubscribeAsync(first.Add, Ct);
        await using var b = await backplane.SubscribeAsync(second.Add, Ct);
        HybridCacheInvalidation[] sent =
        [
            HybridCacheInvalidation.ForKey("node-a", "user:1"),
            HybridCacheInvalidation.ForTag("node-b", "users", DateTimeOffset.UnixEpoch),
            HybridCacheInvalidation.Everything("node-a"),
        ];

        foreach (var invalidation in sent)
        {
            await backplane.PublishAsync(invalidation, Ct);
        }

        // The same instances, the publisher's own included (the cache skips those by Origin); nothing raised by itself.
        Assert.Equal(sent, first);
        Assert.Equal(sent, second);
        Assert.Equal(2, backplane.SubscriberCount);
    }

    [Fact]
    public async Task Disposing_a_subscription_unsubscribes_it_once_and_leaves_the_others()
    {
        var backplane = new InMemoryHybridCacheBackplane();
        var removed = 0;
        var kept = 0;
        var subscription = await backplane.SubscribeAsync(_ => removed++, Ct);
        await using var other = await backplane.SubscribeAsync(_ => kept++, Ct);

        await subscription.DisposeAsync();
        await subscription.DisposeAsync();
        await backplane.PublishAsync(HybridCacheInvalidation.ForKey(null, "k"), Ct);

        Assert.Equal((0, 1), (removed, kept));
        Assert.Equal(1, backplane.SubscriberCount);
    }

    [Fact]
    public async Task A_throwing_handler_does_not_keep_the_message_from_the_others_and_surfaces_after_all_ran()
    {
        var backplane = new InMemoryHybridCacheBackplane();
        var received = 0;
        await using var failing = await backplane.SubscribeAsync(_ => throw new InvalidOperationException("boom"), Ct);
        await using var working = await backplane.SubscribeAsync(_ => received++, Ct);

        var error = await Assert.ThrowsAsync<AggregateException>(() => backplane.PublishAsync(HybridCacheInvalidation.Everything("n"), Ct).AsTask());

        Assert.IsType<InvalidOperationException>(Assert.Single(error.InnerExceptions));
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task Null_arguments_and_a_cancelled_token_are_refused_without_delivering()
    {
        var backplane = new InMemoryHybridCacheBackplane();
        var received = 0;
        await using var subscription = await backplane.SubscribeAsync(_ => received++, Ct);

        await Assert.ThrowsAsync<ArgumentNullException>(() => backplane.PublishAsync(null!, Ct).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => backplane.SubscribeAsync(null!, Ct).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backplane.PublishAsync(HybridCacheInvalidation.Everything("n"), new CancellationToken(canceled: true)).AsTask());

        Assert.Equal(0, received);
        Assert.Equal(1, backplane.SubscriberCount);
    }

    [Fact]
    public void The_registration_is_one_singleton_and_keeps_a_backplane_registered_before()
    {
        using var provider = new ServiceCollection().AddAdaptersMemoryHybridBackplane().AddAdaptersMemoryHybridBackplane().BuildServiceProvider();
        var backplane = provider.GetRequiredService<InMemoryHybridCacheBackplane>();
        Assert.Same(backplane, provider.GetRequiredService<IHybridCacheBackplane>());
        Assert.Single(provider.GetServices<IHybridCacheBackplane>());

        var existing = new InMemoryHybridCacheBackplane();
        using var kept = new ServiceCollection().AddSingleton<IHybridCacheBackplane>(existing).AddAdaptersMemoryHybridBackplane().BuildServiceProvider();
        Assert.Same(existing, kept.GetRequiredService<IHybridCacheBackplane>());
    }
}
