using Adapters.Conformance.AuthState;

namespace Adapters.Redis.Tests.Auth;

public sealed class StandaloneAuthStateConformanceTests(StandaloneAuthStateFixture fixture) : AuthStateStoreConformanceTests<StandaloneAuthStateFixture>(fixture);

public sealed class ClusterAuthStateConformanceTests(ClusterAuthStateFixture fixture) : AuthStateStoreConformanceTests<ClusterAuthStateFixture>(fixture);

public sealed class StandaloneFramedAuthStateConformanceTests(StandaloneFramedAuthStateFixture fixture) : AuthStateStoreConformanceTests<StandaloneFramedAuthStateFixture>(fixture);
