namespace Adapters;

/// <summary>The codec ids written in value frames. The numbers are part of the wire format: never renumber.</summary>
public enum CompressionCodecId : byte
{
    /// <summary>Stored as is.</summary>
    None = 0,

    /// <summary>GZip (RFC 1952).</summary>
    GZip = 1,

    /// <summary>Raw deflate (RFC 1951).</summary>
    Deflate = 2,

    /// <summary>Zlib (RFC 1950).</summary>
    ZLib = 3,

    /// <summary>Brotli (RFC 7932).</summary>
    Brotli = 4,

    /// <summary>Zstandard, one frame (RFC 8878).</summary>
    Zstd = 5,

    /// <summary>LZ4 block format.</summary>
    Lz4 = 6,
}
