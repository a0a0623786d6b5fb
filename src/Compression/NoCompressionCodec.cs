namespace Adapters.Compression;

/// <summary>The identity codec: values are stored as they are.</summary>
public sealed class NoCompressionCodec : ICompressionCodec
{
    /// <summary>The shared instance.</summary>
    public static NoCompressionCodec Instance { get; } = new();

    /// <inheritdoc />
    public CompressionCodecId Id => CompressionCodecId.None;

    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <inheritdoc />
    public int GetMaxCompressedLength(int sourceLength) => sourceLength;

    /// <inheritdoc />
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    /// <inheritdoc />
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new InvalidDataException($"An uncompressed payload of {source.Length} bytes does not match its declared length of {destination.Length}.");
        }

        source.CopyTo(destination);
    }
}
