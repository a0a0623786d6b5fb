using Adapters.Conformance.AuthState;

namespace Adapters.InMemory.Tests.Conformance;

public sealed class InMemoryAuthStateFixture : AuthStateStoreFixture
{
    private const int Limit = 64 * 1024;

    public override IAuthStateStore Store { get; } = new InMemoryAuthStateStore(new InMemoryAuthStateStoreOptions { MaxValueBytes = Limit });

    public override int? MaxValueBytes => Limit;
}

public sealed class InMemoryAuthStateConformanceTests(InMemoryAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<InMemoryAuthStateFixture>(fixture);
