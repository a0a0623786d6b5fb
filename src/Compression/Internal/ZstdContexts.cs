using System.Runtime.InteropServices;

namespace Adapters.Compression.Internal;

/// <summary>
/// One zstd compression and one decompression context per thread, reused across calls. The one-shot
/// <c>ZSTD_compress</c>/<c>ZSTD_decompress</c> create and free a context on every call (a decompression context is
/// about 100 KB), which halves decompression throughput on cache-sized values; the context variants produce and read
/// the same single frames. A context resets itself at the start of each call, so one left by a failed call is reusable.
/// A thread's contexts are freed by their handles' finalizers once the thread is gone.
/// </summary>
internal static class ZstdContexts
{
    [ThreadStatic]
    private static CompressionContext? t_compression;

    [ThreadStatic]
    private static DecompressionContext? t_decompression;

    public static SafeHandle Compression => t_compression ??= CompressionContext.Create();

    public static SafeHandle Decompression => t_decompression ??= DecompressionContext.Create();

    private sealed class CompressionContext : SafeHandle
    {
        private CompressionContext()
            : base(0, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == 0;

        public static CompressionContext Create()
        {
            var context = new CompressionContext();
            context.SetHandle(ZstdNative.ZSTD_createCCtx());
            return context.IsInvalid ? throw new OutOfMemoryException("libzstd could not allocate a compression context.") : context;
        }

        protected override bool ReleaseHandle()
        {
            ZstdNative.ZSTD_freeCCtx(handle);
            return true;
        }
    }

    private sealed class DecompressionContext : SafeHandle
    {
        private DecompressionContext()
            : base(0, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == 0;

        public static DecompressionContext Create()
        {
            var context = new DecompressionContext();
            context.SetHandle(ZstdNative.ZSTD_createDCtx());
            return context.IsInvalid ? throw new OutOfMemoryException("libzstd could not allocate a decompression context.") : context;
        }

        protected override bool ReleaseHandle()
        {
            ZstdNative.ZSTD_freeDCtx(handle);
            return true;
        }
    }
}
