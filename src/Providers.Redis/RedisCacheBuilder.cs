using Adapters.Compression;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.Redis;

/// <summary>Further configuration of the <see cref="RedisDistributedCache"/> registered by <c>AddAdaptersRedisCache</c>.</summary>
public sealed class RedisCacheBuilder
{
    private ServiceDescriptor? _registration;

    internal RedisCacheBuilder(IServiceCollection services, ServiceDescriptor? registration)
    {
        Services = services;
        _registration = registration;
    }

    /// <summary>The service collection the cache is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Makes <see cref="IDistributedCache"/> a <see cref="CompressingDistributedCache"/> over the Redis cache: values of
    /// at least <paramref name="threshold"/> bytes are compressed with <paramref name="codec"/> when that makes them
    /// smaller. Entries written without compression (or with another codec) stay readable.
    /// </summary>
    /// <exception cref="ArgumentException">The codec is unavailable here or the threshold is negative.</exception>
    /// <exception cref="InvalidOperationException">Another <see cref="IDistributedCache"/> was registered first, so the Redis cache is not the one to wrap.</exception>
    public RedisCacheBuilder WithCompression(ICompressionCodec codec, int threshold = 1024)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var framer = new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = threshold });
        if (_registration is null || !Services.Contains(_registration))
        {
            throw new InvalidOperationException($"{nameof(IDistributedCache)} was registered before AddAdaptersRedisCache, or replaced since: there is no Redis cache registration to add compression to.");
        }

        var compressing = ServiceDescriptor.Singleton<IDistributedCache>(provider => new CompressingDistributedCache(provider.GetRequiredService<RedisDistributedCache>(), framer));
        Services[Services.IndexOf(_registration)] = compressing;
        _registration = compressing;
        return this;
    }
}
