using System.Collections.Frozen;

namespace Adapters.Compression;

/// <summary>The codecs a reader can decode, by frame id, lookup by name for configuration, and factories with levels.</summary>
public static class CompressionCodecs
{
    private static readonly FrozenDictionary<CompressionCodecId, ICompressionCodec> ById = Defaults().ToFrozenDictionary(codec => codec.Id);

    /// <summary>The identity codec.</summary>
    public static ICompressionCodec None => NoCompressionCodec.Instance;

    /// <summary>Every codec known here, with default levels (unavailable ones included: they report <c>IsAvailable</c> false).</summary>
    public static IReadOnlyCollection<ICompressionCodec> All => ById.Values;

    /// <summary>The default instance of the codec written as <paramref name="id"/> in frames, for decoding.</summary>
    /// <exception cref="InvalidDataException">No codec has that id.</exception>
    public static ICompressionCodec ForId(CompressionCodecId id)
        => ById.TryGetValue(id, out var codec) ? codec : throw new InvalidDataException($"The value frame names an unknown codec id {(byte)id}.");

    /// <summary>The default instance of the codec named <paramref name="name"/> (<c>zstd</c>, <c>lz4</c>, <c>gzip</c>, <c>deflate</c>, <c>zlib</c>, <c>brotli</c>, <c>none</c>).</summary>
    /// <exception cref="ArgumentException">No codec has that name.</exception>
    public static ICompressionCodec ForName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ById.Values.FirstOrDefault(codec => string.Equals(codec.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw UnknownName(name);
    }

    /// <summary>A new instance of the codec named <paramref name="name"/> compressing at <paramref name="level"/> (<c>none</c> takes only 0).</summary>
    /// <exception cref="ArgumentException">No codec has that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside the codec's range.</exception>
    public static ICompressionCodec ForName(string name, int level)
    {
        var id = ForName(name).Id;
        switch (id)
        {
            case CompressionCodecId.None:
                ArgumentOutOfRangeException.ThrowIfNotEqual(level, 0);
                return NoCompressionCodec.Instance;
            case CompressionCodecId.GZip:
                return GZip(level);
            case CompressionCodecId.Deflate:
                return Deflate(level);
            case CompressionCodecId.ZLib:
                return ZLib(level);
            case CompressionCodecId.Brotli:
                return Brotli(level);
            case CompressionCodecId.Zstd:
                return Zstd(level);
            case CompressionCodecId.Lz4:
                return Lz4(level);
            default:
                throw UnknownName(name);
        }
    }

    /// <summary>GZip at <paramref name="level"/> (0–9).</summary>
    public static GZipCompressionCodec GZip(int level = GZipCompressionCodec.DefaultLevel) => new(level);

    /// <summary>Raw deflate at <paramref name="level"/> (0–9).</summary>
    public static DeflateCompressionCodec Deflate(int level = DeflateCompressionCodec.DefaultLevel) => new(level);

    /// <summary>Zlib at <paramref name="level"/> (0–9).</summary>
    public static ZLibCompressionCodec ZLib(int level = ZLibCompressionCodec.DefaultLevel) => new(level);

    /// <summary>Brotli at quality <paramref name="level"/> (0–11).</summary>
    public static BrotliCompressionCodec Brotli(int level = BrotliCompressionCodec.DefaultLevel) => new(level);

    /// <summary>Zstandard at <paramref name="level"/> (libzstd's range, up to 22).</summary>
    public static ZstdCompressionCodec Zstd(int level = ZstdCompressionCodec.DefaultLevel) => new(level);

    /// <summary>LZ4 at <paramref name="level"/> (negative: accelerated; 3–12: LZ4 HC).</summary>
    public static Lz4CompressionCodec Lz4(int level = Lz4CompressionCodec.DefaultLevel) => new(level);

    private static ArgumentException UnknownName(string name)
        => new($"Unknown compression codec '{name}'; known: {string.Join(", ", ById.Values.Select(codec => codec.Name))}.", nameof(name));

    private static IEnumerable<ICompressionCodec> Defaults()
    {
        yield return NoCompressionCodec.Instance;
        yield return new GZipCompressionCodec();
        yield return new DeflateCompressionCodec();
        yield return new ZLibCompressionCodec();
        yield return new BrotliCompressionCodec();
        yield return new ZstdCompressionCodec();
        yield return new Lz4CompressionCodec();
    }
}
