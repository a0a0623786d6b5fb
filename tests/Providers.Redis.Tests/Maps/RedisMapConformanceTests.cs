using Adapters.Conformance.Maps;

namespace Adapters.Redis.Tests.Maps;

public sealed class SortedIndexMapConformanceTests(SortedIndexMapFixture fixture) : ChangeTrackingMapConformanceTests<SortedIndexMapFixture>(fixture);

public sealed class IncrementalScanMapConformanceTests(IncrementalScanMapFixture fixture) : ChangeTrackingMapConformanceTests<IncrementalScanMapFixture>(fixture);

public sealed class ServerScriptMapConformanceTests(ServerScriptMapFixture fixture) : ChangeTrackingMapConformanceTests<ServerScriptMapFixture>(fixture);

public sealed class FullHashMapConformanceTests(FullHashMapFixture fixture) : ChangeTrackingMapConformanceTests<FullHashMapFixture>(fixture);

public sealed class ClusterSortedIndexMapConformanceTests(ClusterSortedIndexMapFixture fixture) : ChangeTrackingMapConformanceTests<ClusterSortedIndexMapFixture>(fixture);

public sealed class ClusterIncrementalScanMapConformanceTests(ClusterIncrementalScanMapFixture fixture) : ChangeTrackingMapConformanceTests<ClusterIncrementalScanMapFixture>(fixture);

public sealed class ClusterServerScriptMapConformanceTests(ClusterServerScriptMapFixture fixture) : ChangeTrackingMapConformanceTests<ClusterServerScriptMapFixture>(fixture);

public sealed class ClusterFullHashMapConformanceTests(ClusterFullHashMapFixture fixture) : ChangeTrackingMapConformanceTests<ClusterFullHashMapFixture>(fixture);
