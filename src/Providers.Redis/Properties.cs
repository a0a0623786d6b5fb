using System.Runtime.CompilerServices;

// The RESP client is internal (DESIGN.md): its tests, the benchmarks and the CLI's `bench client` reach it.
[assembly: InternalsVisibleTo("Adapters.Providers.Redis.Tests")]
[assembly: InternalsVisibleTo("adapters")]
[assembly: InternalsVisibleTo("Adapters.Benchmarks")]
