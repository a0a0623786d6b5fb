using System.Text;
using Microsoft.Extensions.Caching.Hybrid;
using Xunit;

namespace Adapters.Conformance.Hybrid;

/// <summary>Values: shared instances of immutable types, copies of mutable ones, serializer resolution, payload limits.</summary>
public abstract partial class HybridCacheConformanceTests<TFixture>
{
    [Fact]
    public virtual async Task A_string_is_the_same_instance_on_every_L1_hit()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();

        var first = await node.Cache.GetOrCreateAsync(key, _ => ValueTask.FromResult(new StringBuilder("built ").Append(Guid.NewGuid()).ToString()), cancellationToken: Ct);
        var second = await ReadAsync(node.Cache, key, "factory");

        Assert.Same(first, second);
    }

    [Fact]
    public virtual async Task A_sealed_ImmutableObject_type_is_the_same_instance_on_every_L1_hit()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();

        var first = await ReadAsync(node.Cache, key, new ImmutableHybridValue("shared", 1));
        var second = await ReadAsync(node.Cache, key, new ImmutableHybridValue("factory", 2));

        Assert.Same(first, second);
        Assert.Equal(new ImmutableHybridValue("shared", 1), second);
    }

    [Fact]
    public virtual async Task An_unmanaged_value_type_round_trips_through_both_levels()
    {
        await using var node = Fixture.CreateNode();
        await using var other = Fixture.CreateNode();
        var key = NewKey();

        Assert.Equal(new HybridPoint(3, 4), await ReadAsync(node.Cache, key, new HybridPoint(3, 4)));

        Assert.Equal(new HybridPoint(3, 4), await ReadAsync(node.Cache, key, new HybridPoint(0, 0)));
        Assert.Equal(new HybridPoint(3, 4), await ReadAsync(other.Cache, key, new HybridPoint(0, 0)));
    }

    [Fact]
    public virtual async Task A_mutable_type_is_a_fresh_copy_on_every_L1_hit()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();
        var factory = new CountingFactory<MutableHybridValue>(n => new MutableHybridValue { Name = "original", Count = n });
        await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct);

        var first = await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct);
        first.Count = 99;
        first.Name = "changed";
        var second = await node.Cache.GetOrCreateAsync(key, factory.Invoke, cancellationToken: Ct);

        Assert.NotSame(first, second);
        Assert.Equal(("original", 1), (second.Name, second.Count));
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public virtual async Task A_serializer_registered_for_the_type_wins_over_every_factory()
    {
        var perType = new MarkedSerializer<MutableHybridValue>("per-type");
        var factory = new MarkedSerializerFactory("factory");
        await using var node = Fixture.CreateNode(build: builder => builder.AddSerializerFactory(factory).AddSerializer(perType));

        await ReadAsync(node.Cache, NewKey(), new MutableHybridValue { Name = "x" });

        Assert.Equal(1, perType.Serialized);
        Assert.Equal(0, factory.Created);
    }

    [Fact]
    public virtual async Task Serializer_factories_are_asked_last_added_first()
    {
        var earlier = new MarkedSerializerFactory("earlier");
        var declining = new MarkedSerializerFactory("declining", type => type != typeof(MutableHybridValue));
        await using var node = Fixture.CreateNode(build: builder => builder.AddSerializerFactory(earlier).AddSerializerFactory(declining));
        var key = NewKey();

        await node.Cache.SetAsync(key, new MutableHybridValue { Name = "x" }, Flags(HybridCacheEntryFlags.DisableCompression), cancellationToken: Ct);
        await ReadAsync(node.Cache, NewKey(), new ImmutableHybridValue("y", 1));

        Assert.Contains("earlier:{", await PayloadTextAsync(node, key), StringComparison.Ordinal);
        Assert.Equal(1, earlier.Created);
        Assert.Equal(1, declining.Created);
    }

    [Fact]
    public virtual async Task String_and_byte_array_serializers_are_built_in_and_win_over_factories()
    {
        var factory = new MarkedSerializerFactory("factory");
        await using var node = Fixture.CreateNode(build: builder => builder.AddSerializerFactory(factory));
        var (textKey, bytesKey) = (NewKey(), NewKey());

        await node.Cache.SetAsync(textKey, "plain text", Flags(HybridCacheEntryFlags.DisableCompression), cancellationToken: Ct);
        await node.Cache.SetAsync(bytesKey, "raw bytes"u8.ToArray(), Flags(HybridCacheEntryFlags.DisableCompression), cancellationToken: Ct);

        // The value ends the payload: as its own UTF-8 text, not quoted JSON nor the factory's marked output.
        Assert.EndsWith("plain text", await PayloadTextAsync(node, textKey), StringComparison.Ordinal);
        Assert.EndsWith("raw bytes", await PayloadTextAsync(node, bytesKey), StringComparison.Ordinal);
        Assert.Equal(0, factory.Created);
    }

    [Fact]
    public virtual async Task Other_types_default_to_System_Text_Json()
    {
        await using var node = Fixture.CreateNode();
        var key = NewKey();

        await node.Cache.SetAsync(key, new MutableHybridValue { Name = "json", Count = 7 }, Flags(HybridCacheEntryFlags.DisableCompression), cancellationToken: Ct);

        Assert.EndsWith("""{"Name":"json","Count":7}""", await PayloadTextAsync(node, key), StringComparison.Ordinal);
    }

    [Fact]
    public virtual async Task A_payload_over_MaximumPayloadBytes_is_returned_logged_and_kept_out_of_L2()
    {
        await using var node = Fixture.CreateNode(options => options.MaximumPayloadBytes = 256);
        var key = NewKey();
        var large = new string('x', 1000);

        Assert.Equal(large, await ReadAsync(node.Cache, key, large));

        Assert.Null(await node.Distributed.GetAsync(key, Ct));
        Assert.Contains(node.Logs.Warnings, entry => entry.Message.Contains(key, StringComparison.Ordinal));
        Assert.Equal("small", await ReadAsync(node.Cache, NewKey(), "small"));
    }

    /// <summary>The UTF-8 text of <paramref name="key"/>'s L2 payload (written uncompressed by the tests, so its value is readable).</summary>
    private async Task<string> PayloadTextAsync(HybridCacheNode node, string key)
    {
        var raw = await node.Distributed.GetAsync(key, Ct);
        Assert.NotNull(raw);
        return Encoding.UTF8.GetString(raw);
    }
}
