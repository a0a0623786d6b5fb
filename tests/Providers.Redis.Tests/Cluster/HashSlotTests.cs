using System.Text;
using Adapters.Redis.Cluster;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>
/// Key slots. Expected slots were read from <c>CLUSTER KEYSLOT</c> on a cluster-enabled redis-server 7.0.15, and the
/// CRC16 itself is checked against the Redis Cluster spec's vector and an independent bitwise implementation.
/// </summary>
public sealed class HashSlotTests
{
    [Fact]
    public void There_are_16384_slots() => Assert.Equal(16384, HashSlot.Count);

    [Fact]
    public void The_reference_crc16_matches_the_cluster_spec_vector()
        => Assert.Equal(0x31C3, BitwiseCrc16("123456789"u8));

    [Fact]
    public void The_spec_vector_is_its_own_slot_since_it_is_below_16384()
    {
        Assert.Equal(0x31C3, HashSlot.Of("123456789"));
        Assert.Equal(12739, HashSlot.Of("123456789"u8));
    }

    [Theory]
    [InlineData("foo", 12182)]
    [InlineData("bar", 5061)]
    [InlineData("hello", 866)]
    [InlineData("123456789", 12739)]
    [InlineData("", 0)]
    [InlineData("{user1000}.following", 3443)]
    [InlineData("{user1000}.followers", 3443)]
    [InlineData("foo{}{bar}", 8363)]
    [InlineData("foo{{bar}}zap", 4015)]
    [InlineData("{bar", 4015)]
    [InlineData("foo{bar}{zap}", 5061)]
    [InlineData("{}", 15257)]
    [InlineData("}{", 12793)]
    [InlineData("a{b}", 3300)]
    [InlineData("{a}b", 15495)]
    [InlineData("ключ", 10303)]
    [InlineData("日本語", 12788)]
    public void Known_keys_land_in_the_slots_redis_reports(string key, int slot)
    {
        Assert.Equal(slot, HashSlot.Of(key));
        Assert.Equal(slot, HashSlot.Of(Encoding.UTF8.GetBytes(key)));
    }

    [Fact]
    public void Long_keys_beyond_the_stack_buffer_hash_like_redis()
    {
        var key = new string('x', 300);

        Assert.Equal(11216, HashSlot.Of(key));
        Assert.Equal(8338, HashSlot.Of(key + "{tag}"));
        Assert.Equal(HashSlot.Of("tag"), HashSlot.Of(key + "{tag}"));
    }

    [Fact]
    public void Non_utf8_byte_keys_hash_their_raw_bytes()
        => Assert.Equal(12172, HashSlot.Of([0xFF, 0xFE, 0x01]));

    [Theory]
    [InlineData("{user1000}.following", "user1000")]
    [InlineData("map:{orders}", "orders")]
    [InlineData("map:{orders}:__meta:timestamps", "orders")]
    [InlineData("auth:{S}:keys:pre-key", "S")]
    [InlineData("foo{{bar}}zap", "{bar")]
    [InlineData("foo{bar}{zap}", "bar")]
    [InlineData("{日本}x", "日本")]
    [InlineData("x{ }y", " ")]
    public void A_non_empty_hash_tag_alone_decides_the_slot(string key, string tag)
        => Assert.Equal(Reference(tag), HashSlot.Of(key));

    [Theory]
    [InlineData("foo{}{bar}")]
    [InlineData("{}")]
    [InlineData("{}x")]
    [InlineData("}{")]
    [InlineData("{a")]
    [InlineData("a}b{")]
    [InlineData("no braces at all")]
    public void Without_a_non_empty_hash_tag_the_whole_key_counts(string key)
        => Assert.Equal(Reference(key), HashSlot.Of(key));

    [Fact]
    public void Keys_sharing_a_hash_tag_share_a_slot()
    {
        string[] keys = ["map:{orders}", "map:{orders}:__meta:timestamps", "map:{orders}:__meta:ts-index", "map:{orders}:__meta:clock", "map:{orders}:__meta:lease:g"];

        Assert.Single(keys.Select(HashSlot.Of).Distinct());
        Assert.NotEqual(HashSlot.Of("map:orders"), HashSlot.Of("map:orders:__meta:timestamps"));
    }

    [Fact]
    public void Random_byte_keys_without_braces_match_the_bitwise_reference()
    {
        var random = new Random(16);
        for (var round = 0; round < 2000; round++)
        {
            var key = new byte[random.Next(0, 600)];
            random.NextBytes(key);
            key.AsSpan().Replace((byte)'{', (byte)'(');

            Assert.Equal(BitwiseCrc16(key) & 0x3FFF, HashSlot.Of(key));
        }
    }

    [Fact]
    public void String_and_byte_overloads_agree_on_random_unicode_keys()
    {
        var random = new Random(17);
        for (var round = 0; round < 2000; round++)
        {
            var key = new StringBuilder();
            for (var length = random.Next(0, 300); length > 0; length--)
            {
                _ = random.Next(5) switch
                {
                    0 => key.Append(random.Next(2) == 0 ? '{' : '}'),
                    1 => key.Append((char)random.Next(0x400, 0x4FF)),
                    2 => key.Append(char.ConvertFromUtf32(random.Next(0x1F600, 0x1F64F))),
                    _ => key.Append((char)random.Next(0x20, 0x7F)),
                };
            }

            var text = key.ToString();
            Assert.Equal(HashSlot.Of(Encoding.UTF8.GetBytes(text)), HashSlot.Of(text));
            Assert.InRange(HashSlot.Of(text), 0, HashSlot.Count - 1);
        }
    }

    private static int Reference(string text) => BitwiseCrc16(Encoding.UTF8.GetBytes(text)) & 0x3FFF;

    // CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, no reflection, computed bit by bit.
    private static int BitwiseCrc16(ReadOnlySpan<byte> data)
    {
        var crc = 0;
        foreach (var b in data)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }

        return crc;
    }
}
