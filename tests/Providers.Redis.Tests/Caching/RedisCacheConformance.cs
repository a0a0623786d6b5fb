using Adapters.Conformance.Caching;

namespace Adapters.Redis.Tests.Caching;

public sealed class StandaloneCacheConformanceTests(StandaloneCacheFixture fixture)
    : DistributedCacheConformanceTests<StandaloneCacheFixture>(fixture);

public sealed class StandaloneCompressedCacheConformanceTests(StandaloneCompressedCacheFixture fixture)
    : DistributedCacheConformanceTests<StandaloneCompressedCacheFixture>(fixture);

public sealed class ClusterCacheConformanceTests(ClusterCacheFixture fixture)
    : DistributedCacheConformanceTests<ClusterCacheFixture>(fixture);

public sealed class ClusterCompressedCacheConformanceTests(ClusterCompressedCacheFixture fixture)
    : DistributedCacheConformanceTests<ClusterCompressedCacheFixture>(fixture);

public sealed class StandaloneNoScriptsCacheConformanceTests(StandaloneNoScriptsCacheFixture fixture)
    : DistributedCacheConformanceTests<StandaloneNoScriptsCacheFixture>(fixture);

public sealed class ClusterNoScriptsCacheConformanceTests(ClusterNoScriptsCacheFixture fixture)
    : DistributedCacheConformanceTests<ClusterNoScriptsCacheFixture>(fixture);
