using System.Runtime.CompilerServices;

// The native-library probe is internal; its tests inject candidate names that do not exist.
[assembly: InternalsVisibleTo("Adapters.Compression.Tests")]

// The HybridCache frames its L2 payloads with the same pooled buffers instead of a copy of them.
[assembly: InternalsVisibleTo("Adapters.Hybrid")]
