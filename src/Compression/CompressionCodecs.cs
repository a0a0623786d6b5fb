using System.Collections.Frozen;

namespace Adapters.Compression;

/// <summary>The codecs a reader can decode, by frame id, and lookup by name for configuration.</summary>
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
            ?? throw new ArgumentException($"Unknown compression codec '{name}'; known: {string.Join(", ", ById.Values.Select(codec => codec.Name))}.", nameof(name));
    }

    private static IEnumerable<ICompressionCodec> Defaults()
    {
        yield return NoCompressionCodec.Instance;
    }
}
