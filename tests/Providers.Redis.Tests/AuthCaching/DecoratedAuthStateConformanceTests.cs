using Adapters.Conformance.AuthState;

namespace Adapters.Redis.Tests.AuthCaching;

public sealed class CachedAuthStateConformanceTests(CachedAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<CachedAuthStateFixture>(fixture);

public sealed class CompressedAuthStateConformanceTests(CompressedAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<CompressedAuthStateFixture>(fixture);

public sealed class CachedCompressedAuthStateConformanceTests(CachedCompressedAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<CachedCompressedAuthStateFixture>(fixture);

public sealed class ClusterCachedCompressedAuthStateConformanceTests(ClusterCachedCompressedAuthStateFixture fixture)
    : AuthStateStoreConformanceTests<ClusterCachedCompressedAuthStateFixture>(fixture);
