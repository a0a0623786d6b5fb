namespace Adapters.InMemory;

/// <summary>Options of <see cref="InMemoryDistributedCache"/>.</summary>
public sealed class InMemoryDistributedCacheOptions
{
    /// <summary>How often expired entries are swept out in the background (they are never returned regardless).</summary>
    public TimeSpan ExpirationScanFrequency { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock expirations run on.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
