using Adapters;
using Adapters.Compression;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds compression to a registered auth-state store.</summary>
public static class AuthStateCompressionExtensions
{
    /// <summary>
    /// Puts a <see cref="CompressingAuthStateStore"/> in front of the store registered so far: values of at least
    /// <paramref name="threshold"/> bytes are compressed with <paramref name="codec"/> when that makes them smaller;
    /// values written with another codec, or without compression, stay readable. Add it before <c>WithCaching</c> so
    /// the cache holds decompressed values.
    /// </summary>
    /// <exception cref="ArgumentException">The codec is unavailable here or the threshold is negative.</exception>
    public static AuthStateBuilder WithCompression(this AuthStateBuilder builder, ICompressionCodec codec, int threshold = 1024)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return builder.WithCompression(options =>
        {
            options.Codec = codec;
            options.Threshold = threshold;
        });
    }

    /// <summary>Puts a <see cref="CompressingAuthStateStore"/> configured by <paramref name="configure"/> in front of the store registered so far.</summary>
    /// <exception cref="ArgumentException">An option is unusable (the exception names it).</exception>
    public static AuthStateBuilder WithCompression(this AuthStateBuilder builder, Action<ValueFramerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ValueFramerOptions();
        configure(options);
        var framer = new ValueFramer(options);
        return builder.Decorate((_, inner) => CompressingAuthStateStore.Create(inner, framer));
    }
}
