using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Adapters.Hybrid.Internal;

/// <summary>Why a stored L2 payload was not used.</summary>
internal enum PayloadProblem
{
    None,
    Garbage,
    Truncated,
    WrongKey,
}

/// <summary>The header of an L2 payload: when the entry was created, when it expires, and its tags.</summary>
internal readonly record struct PayloadHeader(long CreatedTicks, long ExpiresTicks, string[] Tags);

/// <summary>
/// The self-describing L2 payload: <c>"AH"</c>, version, reserved byte, creation and expiry (UTC ticks, little endian),
/// the key (so an entry read under another key is refused), the tags, then the value (a value frame of
/// Adapters.Compression: raw, or compressed with the codec it names).
/// </summary>
/// <remarks>
/// Layout: <c>41 48 | 01 | 00 | created i64 | expires i64 | keyLength i32 | key utf8 | tagCount u16 | (tagLength u16 |
/// tag utf8)* | valueLength i32 | value</c>. Every length is checked against what is left, and nothing may follow the value.
/// </remarks>
internal static class HybridPayload
{
    public const byte Version = 1;
    private const int FixedSize = 4 + 8 + 8;

    /// <summary>Writes a payload for <paramref name="key"/> with <paramref name="value"/> (already framed) into <paramref name="destination"/>.</summary>
    public static void Write(IBufferWriter<byte> destination, string key, in PayloadHeader header, ReadOnlySpan<byte> value)
    {
        var keyBytes = Encoding.UTF8.GetByteCount(key);
        var size = FixedSize + 4 + keyBytes + 2 + 4 + value.Length;
        foreach (var tag in header.Tags)
        {
            size += 2 + Encoding.UTF8.GetByteCount(tag);
        }

        var span = destination.GetSpan(size)[..size];
        span[0] = (byte)'A';
        span[1] = (byte)'H';
        span[2] = Version;
        span[3] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], header.CreatedTicks);
        BinaryPrimitives.WriteInt64LittleEndian(span[12..], header.ExpiresTicks);
        var at = FixedSize;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], keyBytes);
        at += 4 + Encoding.UTF8.GetBytes(key, span[(at + 4)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)header.Tags.Length);
        at += 2;
        foreach (var tag in header.Tags)
        {
            var written = Encoding.UTF8.GetBytes(tag, span[(at + 2)..]);
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)written);
            at += 2 + written;
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[at..], value.Length);
        value.CopyTo(span[(at + 4)..]);
        destination.Advance(size);
    }

    /// <summary>Reads a payload stored under <paramref name="key"/>; anything but <see cref="PayloadProblem.None"/> is a miss.</summary>
    public static PayloadProblem TryRead(ReadOnlyMemory<byte> payload, string key, out PayloadHeader header, out ReadOnlyMemory<byte> value)
    {
        header = default;
        value = default;
        var span = payload.Span;
        if (span.Length < 4 || span[0] != 'A' || span[1] != 'H' || span[2] != Version || span[3] != 0)
        {
            return PayloadProblem.Garbage;
        }

        if (span.Length < FixedSize + 4)
        {
            return PayloadProblem.Truncated;
        }

        var created = BinaryPrimitives.ReadInt64LittleEndian(span[4..]);
        var expires = BinaryPrimitives.ReadInt64LittleEndian(span[12..]);
        var at = FixedSize;
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        if (keyLength < 0 || keyLength > span.Length - at - 2)
        {
            return keyLength < 0 ? PayloadProblem.Garbage : PayloadProblem.Truncated;
        }

        if (!KeyMatches(span.Slice(at, keyLength), key))
        {
            return PayloadProblem.WrongKey;
        }

        at += keyLength;
        var tags = new string[BinaryPrimitives.ReadUInt16LittleEndian(span[at..])];
        at += 2;
        for (var i = 0; i < tags.Length; i++)
        {
            if (span.Length - at < 2)
            {
                return PayloadProblem.Truncated;
            }

            var tagLength = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
            at += 2;
            if (tagLength > span.Length - at)
            {
                return PayloadProblem.Truncated;
            }

            tags[i] = Encoding.UTF8.GetString(span.Slice(at, tagLength));
            at += tagLength;
        }

        if (span.Length - at < 4)
        {
            return PayloadProblem.Truncated;
        }

        var valueLength = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        if (valueLength < 0 || valueLength != span.Length - at)
        {
            return valueLength > span.Length - at ? PayloadProblem.Truncated : PayloadProblem.Garbage;
        }

        header = new PayloadHeader(created, expires, tags);
        value = payload.Slice(at, valueLength);
        return PayloadProblem.None;
    }

    private static bool KeyMatches(ReadOnlySpan<byte> stored, string key)
    {
        if (Encoding.UTF8.GetMaxByteCount(key.Length) <= 512)
        {
            Span<byte> buffer = stackalloc byte[512];
            var length = Encoding.UTF8.GetBytes(key, buffer);
            return stored.SequenceEqual(buffer[..length]);
        }

        return stored.SequenceEqual(Encoding.UTF8.GetBytes(key));
    }
}
