using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.Hybrid.Internal;

/// <summary>
/// Finds the serializer of each type once: an <see cref="IHybridCacheSerializer{T}"/> registered in DI, then the
/// built-in string and byte[] serializers, then the registered factories (the last added first), then System.Text.Json.
/// </summary>
/// <remarks>
/// Microsoft's <c>AddHybridCache</c> registers its string and byte[] serializers as per-type services, so they win over
/// every factory (a factory that claims all types still leaves strings as plain UTF-8); this order gives the same.
/// </remarks>
internal sealed class SerializerRegistry
{
    private readonly IServiceProvider? _services;
    private readonly IHybridCacheSerializerFactory[] _factories;
    private readonly ConcurrentDictionary<Type, object> _byType = new();

    public SerializerRegistry(IServiceProvider? services)
    {
        _services = services;
        _factories = services?.GetServices<IHybridCacheSerializerFactory>().Reverse().ToArray() ?? [];
    }

    public IHybridCacheSerializer<T> Get<T>()
        => (IHybridCacheSerializer<T>)_byType.GetOrAdd(typeof(T), static (_, registry) => registry.Resolve<T>(), this);

    private IHybridCacheSerializer<T> Resolve<T>()
    {
        if (_services?.GetService<IHybridCacheSerializer<T>>() is { } registered)
        {
            return registered;
        }

        if (typeof(T) == typeof(string))
        {
            return (IHybridCacheSerializer<T>)(object)StringSerializer.Instance;
        }

        if (typeof(T) == typeof(byte[]))
        {
            return (IHybridCacheSerializer<T>)(object)ByteArraySerializer.Instance;
        }

        foreach (var factory in _factories)
        {
            if (factory.TryCreateSerializer<T>(out var created))
            {
                return created;
            }
        }

        JsonSerializerFactory.Instance.TryCreateSerializer<T>(out var json);
        return json!;
    }
}
