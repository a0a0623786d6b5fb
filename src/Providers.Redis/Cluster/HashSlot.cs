namespace Adapters.Redis.Cluster;

/// <summary>Redis Cluster key slots: CRC16 (XMODEM) of the key, or of its {hash tag}, modulo 16384.</summary>
internal static class HashSlot
{
    public const int Count = 16384;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>The slot of <paramref name="key"/>: only the part between the first <c>{</c> and the next <c>}</c> counts, when not empty.</summary>
    public static int Of(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open >= 0)
        {
            var close = key[(open + 1)..].IndexOf((byte)'}');
            if (close > 0)
            {
                key = key.Slice(open + 1, close);
            }
        }

        return Crc16(key) & (Count - 1);
    }

    public static int Of(string key)
    {
        Span<byte> scratch = stackalloc byte[256];
        var length = System.Text.Encoding.UTF8.GetByteCount(key);
        var bytes = length <= scratch.Length ? scratch[..length] : new byte[length];
        System.Text.Encoding.UTF8.GetBytes(key, bytes);
        return Of(bytes);
    }

    private static ushort Crc16(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
