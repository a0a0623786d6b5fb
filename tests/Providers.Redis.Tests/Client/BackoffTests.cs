using Adapters.Redis.Connection;
using Xunit;

namespace Adapters.Redis.Tests.Client;

public sealed class BackoffTests
{
    [Fact]
    public void Delays_grow_exponentially_with_jitter_and_never_pass_the_maximum()
    {
        var min = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(10);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            for (var sample = 0; sample < 200; sample++)
            {
                var delay = Backoff.Delay(attempt, min, max);
                var nominal = Math.Min(100 * Math.Pow(2, attempt), 10_000);
                Assert.InRange(delay.TotalMilliseconds, nominal * 0.8, Math.Min(nominal * 1.2, 10_000));
            }
        }
    }
}
