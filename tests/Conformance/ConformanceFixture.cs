using Xunit;

namespace Adapters.Conformance;

/// <summary>
/// The base of every conformance fixture: it owns the provider under test for one test class and says how time
/// moves for it. A provider on a <see cref="ManualTimeProvider"/> is tested without sleeps; one on a real clock
/// (Redis stamps from the server's <c>TIME</c>) is tested with short real waits.
/// </summary>
public abstract class ConformanceFixture : IAsyncLifetime
{
    /// <summary>The fake clock the provider runs on, or <see langword="null"/> when it runs on a real clock.</summary>
    public virtual ManualTimeProvider? Clock => null;

    /// <summary>Whether time is controlled by <see cref="Clock"/> (a capability flag).</summary>
    public bool HasFakeClock => Clock is not null;

    /// <summary>A unit of waiting for time-dependent tests: long on a fake clock (free), short on a real one.</summary>
    public virtual TimeSpan TimeUnit => HasFakeClock ? TimeSpan.FromSeconds(10) : TimeSpan.FromMilliseconds(250);

    /// <summary>Starts what the provider needs (a server, a connection).</summary>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Stops what <see cref="InitializeAsync"/> started.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Lets <paramref name="span"/> pass: advances the fake clock, or waits for real (plus a small margin).</summary>
    public async ValueTask AdvanceAsync(TimeSpan span)
    {
        if (Clock is { } clock)
        {
            clock.Advance(span);
            await Task.Yield();
        }
        else
        {
            await Task.Delay(span + TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A name no other test uses, so tests can share one store.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
