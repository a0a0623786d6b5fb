using System.Runtime.CompilerServices;

// The native-library probe is internal; its tests inject candidate names that do not exist.
[assembly: InternalsVisibleTo("Adapters.Compression.Tests")]
