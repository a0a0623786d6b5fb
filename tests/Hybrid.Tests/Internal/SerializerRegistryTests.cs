using System.Buffers;
using System.ComponentModel;
using System.Text;
using Adapters.Conformance.Hybrid;
using Adapters.Hybrid.Internal;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Adapters.Hybrid.Tests.Internal;

public sealed class SerializerRegistryTests
{
    private static SerializerRegistry Registry(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return new SerializerRegistry(services.BuildServiceProvider());
    }

    private static string Serialize<T>(IHybridCacheSerializer<T> serializer, T value)
    {
        var writer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, writer);
        return Encoding.UTF8.GetString(writer.WrittenSpan);
    }

    [Fact]
    public void A_per_type_serializer_wins_over_factories()
    {
        var perType = new MarkedSerializer<MutableHybridValue>("per-type");
        var registry = Registry(services => services.AddSingleton<IHybridCacheSerializerFactory>(new MarkedSerializerFactory("factory")).AddSingleton<IHybridCacheSerializer<MutableHybridValue>>(perType));

        Assert.Same(perType, registry.Get<MutableHybridValue>());
    }

    [Fact]
    public void Factories_are_asked_last_added_first_and_may_decline()
    {
        var registry = Registry(services => services
            .AddSingleton<IHybridCacheSerializerFactory>(new MarkedSerializerFactory("first"))
            .AddSingleton<IHybridCacheSerializerFactory>(new MarkedSerializerFactory("second", type => type == typeof(int)))
            .AddSingleton<IHybridCacheSerializerFactory>(new MarkedSerializerFactory("third", type => type == typeof(long))));

        Assert.StartsWith("second:", Serialize(registry.Get<int>(), 1), StringComparison.Ordinal);
        Assert.StartsWith("third:", Serialize(registry.Get<long>(), 1), StringComparison.Ordinal);
        Assert.StartsWith("first:", Serialize(registry.Get<MutableHybridValue>(), new MutableHybridValue()), StringComparison.Ordinal);
    }

    [Fact]
    public void String_and_byte_array_are_built_in_and_win_over_factories()
    {
        var factory = new MarkedSerializerFactory("factory");
        var registry = Registry(services => services.AddSingleton<IHybridCacheSerializerFactory>(factory));

        Assert.Equal("text", Serialize(registry.Get<string>(), "text"));
        Assert.Equal("raw", Serialize(registry.Get<byte[]>(), "raw"u8.ToArray()));
        Assert.Equal(0, factory.Created);
    }

    [Fact]
    public void A_registered_string_serializer_replaces_the_built_in_one()
    {
        var custom = new MarkedSerializer<string>("custom");
        var registry = Registry(services => services.AddSingleton<IHybridCacheSerializer<string>>(custom));

        Assert.Same(custom, registry.Get<string>());
    }

    [Fact]
    public void Other_types_fall_back_to_System_Text_Json_without_a_container()
    {
        var registry = new SerializerRegistry(null);
        var serializer = registry.Get<MutableHybridValue>();

        Assert.Equal("""{"Name":"n","Count":2}""", Serialize(serializer, new MutableHybridValue { Name = "n", Count = 2 }));
        Assert.Equal(2, serializer.Deserialize(new ReadOnlySequence<byte>("""{"Name":"n","Count":2}"""u8.ToArray())).Count);
        Assert.Equal("text", Serialize(registry.Get<string>(), "text"));
    }

    [Fact]
    public void Each_type_is_resolved_once()
    {
        var factory = new MarkedSerializerFactory("factory");
        var registry = Registry(services => services.AddSingleton<IHybridCacheSerializerFactory>(factory));

        Assert.Same(registry.Get<MutableHybridValue>(), registry.Get<MutableHybridValue>());
        Assert.Equal(1, factory.Created);
    }

    [ImmutableObject(true)]
    private class UnsealedImmutable;

    private readonly record struct WithReference(string Text);

    [Fact]
    public void Only_strings_unmanaged_values_and_sealed_ImmutableObject_types_are_shared()
    {
        Assert.True(TypeTraits<string>.IsImmutable);
        Assert.True(TypeTraits<int>.IsImmutable);
        Assert.True(TypeTraits<HybridPoint>.IsImmutable);
        Assert.True(TypeTraits<ImmutableHybridValue>.IsImmutable);
        Assert.False(TypeTraits<MutableHybridValue>.IsImmutable);
        Assert.False(TypeTraits<UnsealedImmutable>.IsImmutable);
        Assert.False(TypeTraits<WithReference>.IsImmutable);
        Assert.False(TypeTraits<byte[]>.IsImmutable);
    }
}
