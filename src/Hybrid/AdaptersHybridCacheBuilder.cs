using Adapters.Compression;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.Hybrid;

/// <summary>Further configuration of a cache registered by <c>AddAdaptersHybridCache</c>: serializers and compression.</summary>
public sealed class AdaptersHybridCacheBuilder
{
    internal AdaptersHybridCacheBuilder(IServiceCollection services, string optionsName)
    {
        Services = services;
        OptionsName = optionsName;
    }

    /// <summary>The service collection the cache is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The name of the cache's options (empty for the unkeyed cache, the service key's text for a keyed one).</summary>
    public string OptionsName { get; }

    /// <summary>Registers <paramref name="serializer"/> for <typeparamref name="T"/> (it wins over every factory).</summary>
    public AdaptersHybridCacheBuilder AddSerializer<T>(IHybridCacheSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        Services.AddSingleton(serializer);
        return this;
    }

    /// <summary>Registers <typeparamref name="TSerializer"/> as the serializer of <typeparamref name="T"/>.</summary>
    public AdaptersHybridCacheBuilder AddSerializer<T, TSerializer>()
        where TSerializer : class, IHybridCacheSerializer<T>
    {
        Services.AddSingleton<IHybridCacheSerializer<T>, TSerializer>();
        return this;
    }

    /// <summary>Adds a serializer factory; factories are asked last-added first, after per-type serializers and the built-in string and byte[] ones.</summary>
    public AdaptersHybridCacheBuilder AddSerializerFactory(IHybridCacheSerializerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>Adds <typeparamref name="TFactory"/> as a serializer factory (asked before those added earlier).</summary>
    public AdaptersHybridCacheBuilder AddSerializerFactory<TFactory>()
        where TFactory : class, IHybridCacheSerializerFactory
    {
        Services.AddSingleton<IHybridCacheSerializerFactory, TFactory>();
        return this;
    }

    /// <summary>Compresses L2 payloads of at least <paramref name="threshold"/> bytes with <paramref name="codec"/>.</summary>
    /// <exception cref="ArgumentException">The codec is unavailable here or the threshold is negative.</exception>
    public AdaptersHybridCacheBuilder WithCompression(ICompressionCodec codec, int threshold = 1024)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _ = new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = threshold });
        Services.Configure<AdaptersHybridCacheOptions>(OptionsName, options =>
        {
            options.Codec = codec;
            options.CompressionThreshold = threshold;
        });
        return this;
    }
}
