using System.Runtime.InteropServices;

namespace Adapters.Compression.Internal;

/// <summary>The functions of liblz4's block API the codec calls.</summary>
internal static unsafe partial class Lz4Native
{
    static Lz4Native() => NativeLibraries.EnsureResolver();

    [LibraryImport(NativeLibraries.Lz4Import)]
    public static partial int LZ4_compressBound(int inputSize);

    [LibraryImport(NativeLibraries.Lz4Import)]
    public static partial int LZ4_compress_fast(byte* src, byte* dst, int srcSize, int dstCapacity, int acceleration);

    [LibraryImport(NativeLibraries.Lz4Import)]
    public static partial int LZ4_compress_HC(byte* src, byte* dst, int srcSize, int dstCapacity, int compressionLevel);

    [LibraryImport(NativeLibraries.Lz4Import)]
    public static partial int LZ4_decompress_safe(byte* src, byte* dst, int compressedSize, int dstCapacity);
}
