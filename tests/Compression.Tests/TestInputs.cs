using System.Globalization;
using System.Text;

namespace Adapters.Compression.Tests;

/// <summary>The named inputs every codec round-trips: deterministic, so failures reproduce.</summary>
internal static class TestInputs
{
    public const string Empty = "empty";
    public const string OneByte = "1-byte";
    public const string Tiny = "tiny";
    public const string Random = "random-64k";
    public const string Compressible = "compressible-256k";
    public const string Json1M = "json-1m";
    public const string Mixed16M = "mixed-16m";

    public static readonly string[] Names = [Empty, OneByte, Tiny, Random, Compressible, Json1M, Mixed16M];

    private static readonly Dictionary<string, Lazy<byte[]>> Cache = Names.ToDictionary(name => name, name => new Lazy<byte[]>(() => Create(name)));

    /// <summary>The input named <paramref name="name"/> (shared: callers must not modify it).</summary>
    public static byte[] Get(string name) => Cache[name].Value;

    /// <summary>Bytes no codec can shrink.</summary>
    public static byte[] RandomBytes(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A JSON array of order objects with varied fields, about <paramref name="length"/> bytes.</summary>
    public static byte[] Json(int length, int seed = 11)
    {
        var random = new Random(seed);
        string[] statuses = ["pending", "paid", "shipped", "delivered", "cancelled"];
        string[] cities = ["Lisbon", "Porto", "Berlin", "Madrid", "Paris", "Oslo", "Vienna", "Dublin"];
        var text = new StringBuilder(length + 512).Append('[');
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""
                {"id":{{100_000 + i}},"customer":"customer-{{random.Next(1_000_000):D7}}@example.com","status":"{{statuses[random.Next(statuses.Length)]}}","total":{{random.Next(100, 1_000_000) / 100.0:F2}},"city":"{{cities[random.Next(cities.Length)]}}","items":[{"sku":"SKU-{{random.Next(10_000):D5}}","qty":{{random.Next(1, 9)}}},{"sku":"SKU-{{random.Next(10_000):D5}}","qty":{{random.Next(1, 9)}}}],"note":"{{(random.Next(4) == 0 ? "leave at the door" : "")}}"}
                """);
        }

        var bytes = Encoding.UTF8.GetBytes(text.Append(']').ToString());
        return bytes.AsSpan(0, Math.Min(bytes.Length, length)).ToArray();
    }

    private static byte[] Create(string name) => name switch
    {
        Empty => [],
        OneByte => [0x42],
        Tiny => "hello, cache"u8.ToArray(),
        Random => RandomBytes(64 * 1024),
        Compressible => Enumerable.Range(0, 256 * 1024).Select(i => (byte)"abcabcabd"[i % 9]).ToArray(),
        Json1M => Json(1024 * 1024),
        Mixed16M => Mixed(16 * 1024 * 1024),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown input."),
    };

    // Alternating JSON and random stretches: compressible overall, with parts that are not.
    private static byte[] Mixed(int length)
    {
        var json = Json(256 * 1024);
        var noise = RandomBytes(64 * 1024, seed: 13);
        var bytes = new byte[length];
        for (var offset = 0; offset < length;)
        {
            var source = offset / (256 * 1024) % 4 == 3 ? noise : json;
            var count = Math.Min(source.Length, length - offset);
            source.AsSpan(0, count).CopyTo(bytes.AsSpan(offset));
            offset += count;
        }

        return bytes;
    }
}
