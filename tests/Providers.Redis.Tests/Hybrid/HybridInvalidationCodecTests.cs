using Adapters.Redis.Hybrid;
using Xunit;

namespace Adapters.Redis.Tests.Hybrid;

public sealed class HybridInvalidationCodecTests
{
    public static TheoryData<string> Messages => ["key", "key-no-origin", "key-unicode", "tag", "tag-offset", "tag-all", "everything", "everything-no-origin", "empty-origin"];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_kind_round_trips_with_every_field_intact(string name)
    {
        var sent = Message(name);

        var (received, marker) = HybridInvalidationCodec.Decode(HybridInvalidationCodec.Encode(sent));

        Assert.Null(marker);
        Assert.Equal(Describe(sent), Describe(received!));
    }

    [Fact]
    public void A_marker_round_trips_as_a_marker_and_not_as_an_invalidation()
    {
        Assert.Equal((null, "5f0c:17"), HybridInvalidationCodec.Decode(HybridInvalidationCodec.EncodeMarker("5f0c:17")));
    }

    [Fact]
    public void The_format_is_the_documented_compact_one()
    {
        var at = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

        // version 1, kind 1 (key), origin "n1" (length 2 + 1), key "k" (length 1)
        Assert.Equal(new byte[] { 1, 1, 3, (byte)'n', (byte)'1', 1, (byte)'k' }, HybridInvalidationCodec.Encode(HybridCacheInvalidation.ForKey("n1", "k")));

        // version 1, kind 2 (tag), no origin (0), tag "t", then the UTC ticks little-endian
        byte[] tag = [1, 2, 0, 1, (byte)'t', .. BitConverter.GetBytes(at.UtcTicks)];
        Assert.Equal(tag, HybridInvalidationCodec.Encode(HybridCacheInvalidation.ForTag(null, "t", at)));
        Assert.Equal(new byte[] { 1, 3, 0 }, HybridInvalidationCodec.Encode(HybridCacheInvalidation.Everything(null)));
        Assert.Equal("adapters:hybrid:v1", RedisHybridCacheBackplaneOptions.DefaultChannel);
    }

    [Fact]
    public void A_long_key_takes_a_multi_byte_length()
    {
        var key = new string('k', 300);

        var payload = HybridInvalidationCodec.Encode(HybridCacheInvalidation.ForKey(null, key));

        Assert.Equal(new byte[] { 1, 1, 0, 0xAC, 0x02 }, payload[..5]);   // 300 = 0b10_0101100
        Assert.Equal(key, HybridInvalidationCodec.Decode(payload).Invalidation!.Key);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_truncation_and_any_trailing_byte_is_rejected(string name)
    {
        var payload = HybridInvalidationCodec.Encode(Message(name));

        for (var length = 0; length < payload.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => HybridInvalidationCodec.Decode(payload[..length]));
        }

        Assert.Throws<InvalidDataException>(() => HybridInvalidationCodec.Decode([.. payload, 0]));
    }

    public static TheoryData<byte[]> Garbage =>
    [
        "not json"u8.ToArray(),
        """{"o":"node","k":"key"}"""u8.ToArray(),
        new byte[] { 2, 1, 0, 1, (byte)'k' },                  // a version this codec does not know
        new byte[] { 1, 9, 0 },                                 // an unknown kind
        new byte[] { 1, 1, 0, 0 },                              // an empty key
        new byte[] { 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },      // an empty tag
        new byte[] { 1, 4, 0, 0 },                              // an empty marker
        new byte[] { 1, 1, 0, 2, 0xC3, 0x28 },                  // a key that is not UTF-8
        new byte[] { 1, 1, 2, 0xFF, 1, (byte)'k' },             // an origin that is not UTF-8
        new byte[] { 1, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 },   // a length longer than five bytes
        new byte[] { 1, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F },   // a length beyond int.MaxValue
        new byte[] { 1, 2, 0, 1, (byte)'t', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },   // negative ticks
        new byte[] { 1, 2, 0, 1, (byte)'t', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F },   // ticks past year 9999
    ];

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_rejected_as_invalid_data(byte[] payload)
    {
        Assert.Throws<InvalidDataException>(() => HybridInvalidationCodec.Decode(payload));
    }

    internal static string Describe(HybridCacheInvalidation invalidation)
        => $"{invalidation.Kind}|{invalidation.Origin ?? "<null>"}|{invalidation.Key}|{invalidation.Tag}|{invalidation.InvalidatedAt.UtcTicks}";

    private static HybridCacheInvalidation Message(string name) => name switch
    {
        "key" => HybridCacheInvalidation.ForKey("node-1", "user:42"),
        "key-no-origin" => HybridCacheInvalidation.ForKey(null, "user:42"),
        "key-unicode" => HybridCacheInvalidation.ForKey("nœud-é", "clé \"citée\" 🔑"),
        "tag" => HybridCacheInvalidation.ForTag("node-1", "users", new DateTimeOffset(2026, 5, 6, 7, 8, 9, 123, TimeSpan.Zero).AddTicks(4567)),
        "tag-offset" => HybridCacheInvalidation.ForTag("node-2", "orders", new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(-5))),
        "tag-all" => HybridCacheInvalidation.ForTag("node-3", "*", DateTimeOffset.MaxValue),
        "everything" => HybridCacheInvalidation.Everything("node-1"),
        "everything-no-origin" => HybridCacheInvalidation.Everything(null),
        "empty-origin" => HybridCacheInvalidation.ForKey(string.Empty, "k"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
