namespace Adapters.Compression;

/// <summary>How <see cref="ValueFramer"/> stores values.</summary>
public sealed class ValueFramerOptions
{
    /// <summary>The codec new values are compressed with (values written with any other codec stay readable).</summary>
    public ICompressionCodec Codec { get; set; } = NoCompressionCodec.Instance;

    /// <summary>Values shorter than this are stored uncompressed: compressing them costs more than it saves.</summary>
    public int Threshold { get; set; } = 1024;

    /// <summary>The largest value a frame may declare when decoded (a decompression-bomb guard), 64 MiB by default.</summary>
    public int MaxDecompressedBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Codec, nameof(Codec));
        ArgumentOutOfRangeException.ThrowIfNegative(Threshold, nameof(Threshold));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDecompressedBytes, nameof(MaxDecompressedBytes));
        if (!Codec.IsAvailable)
        {
            throw new ArgumentException($"The {Codec.Name} codec is not available on this machine.", nameof(Codec));
        }
    }
}
