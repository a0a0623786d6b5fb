using System.Runtime.InteropServices;

namespace Adapters.Compression.Internal;

/// <summary>The few functions of libzstd's stable API the codec calls (one frame per call, with reused contexts).</summary>
internal static unsafe partial class ZstdNative
{
    static ZstdNative() => NativeLibraries.EnsureResolver();

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial nuint ZSTD_compressBound(nuint srcSize);

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial nint ZSTD_createCCtx();

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial nuint ZSTD_freeCCtx(nint cctx);

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial nuint ZSTD_compressCCtx(nint cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int compressionLevel);

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial nint ZSTD_createDCtx();

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial nuint ZSTD_freeDCtx(nint dctx);

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial nuint ZSTD_decompressDCtx(nint dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial uint ZSTD_isError(nuint code);

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial byte* ZSTD_getErrorName(nuint code);

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial int ZSTD_minCLevel();

    [LibraryImport(NativeLibraries.ZstdImport)]
    public static partial int ZSTD_maxCLevel();

    /// <summary>The library's name for an error code (static strings inside libzstd; never freed).</summary>
    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8((nint)ZSTD_getErrorName(code)) ?? "unknown error";
}
