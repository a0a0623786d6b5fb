using Xunit;

namespace Adapters.Conformance;

/// <summary>What every conformance test class shares: its fixture and the test's cancellation token.</summary>
/// <typeparam name="TFixture">The provider's fixture.</typeparam>
public abstract class ConformanceTestBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ConformanceFixture
{
    /// <summary>The fixture owning the provider under test.</summary>
    protected TFixture Fixture { get; } = fixture;

    /// <summary>Cancelled when the test is aborted or times out.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Skips the test with <paramref name="reason"/> unless <paramref name="capability"/> holds.</summary>
    protected static void RequireCapability(bool capability, string reason) => Assert.SkipUnless(capability, reason);
}
