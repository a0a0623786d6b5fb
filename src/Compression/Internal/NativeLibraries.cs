using System.Reflection;
using System.Runtime.InteropServices;

namespace Adapters.Compression.Internal;

/// <summary>
/// The system libraries behind the native codecs, found by the names each OS gives them, and the import resolver that
/// points this assembly's <c>[LibraryImport]</c>s at them (registered once, before any import is bound).
/// </summary>
internal static class NativeLibraries
{
    /// <summary>The name the zstd imports are declared with; the resolver maps it to the probed library.</summary>
    public const string ZstdImport = "zstd";

    /// <summary>The name the lz4 imports are declared with.</summary>
    public const string Lz4Import = "lz4";

    static NativeLibraries() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    public static NativeLibraryProbe Zstd { get; } = new(
        "zstd",
        InstallHint("libzstd1", "zstd"),
        ["libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib", "/opt/homebrew/lib/libzstd.1.dylib", "/usr/local/lib/libzstd.1.dylib", "zstd.dll", "libzstd.dll"],
        ["ZSTD_compressBound", "ZSTD_createCCtx", "ZSTD_freeCCtx", "ZSTD_compressCCtx", "ZSTD_createDCtx", "ZSTD_freeDCtx", "ZSTD_decompressDCtx", "ZSTD_isError", "ZSTD_getErrorName", "ZSTD_minCLevel", "ZSTD_maxCLevel"]);

    public static NativeLibraryProbe Lz4 { get; } = new(
        "lz4",
        InstallHint("liblz4-1", "lz4"),
        ["liblz4.so.1", "liblz4.so", "liblz4.1.dylib", "liblz4.dylib", "/opt/homebrew/lib/liblz4.1.dylib", "/usr/local/lib/liblz4.1.dylib", "lz4.dll", "liblz4.dll"],
        ["LZ4_compressBound", "LZ4_compress_fast", "LZ4_compress_HC", "LZ4_decompress_safe"]);

    /// <summary>Makes sure the resolver is registered (touching this type runs its static constructor once).</summary>
    public static void EnsureResolver()
    {
        // Intentionally empty: calling it is what runs the static constructor, which registers the resolver.
    }

    // The Debian package is named on every OS: it is what the documentation and CI use; others get their own hint too.
    private static string InstallHint(string debianPackage, string otherPackage)
    {
        var hint = $"install {debianPackage} (apt-get install {debianPackage})";
        if (OperatingSystem.IsMacOS())
        {
            return $"{hint}; on macOS: brew install {otherPackage}";
        }

        return OperatingSystem.IsWindows() ? $"{hint}; on Windows: vcpkg install {otherPackage}, then put {otherPackage}.dll beside the application" : hint;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) => libraryName switch
    {
        ZstdImport => Zstd.Handle,
        Lz4Import => Lz4.Handle,
        _ => 0,
    };
}
