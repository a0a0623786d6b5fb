using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Adapters.Redis.Connection;

namespace Adapters.Redis.Hybrid;

/// <summary>
/// The wire format of <see cref="RedisHybridCacheBackplane"/> messages, compact because every write of every node sends
/// one: a version byte (1), a kind byte (1 key, 2 tag, 3 everything, 4 a backplane's resynchronization marker), the
/// origin, then the key; or the tag and its invalidation time as little-endian UTC ticks (8 bytes); or the marker.
/// Strings are UTF-8 after a 7-bit-encoded length; the origin's length is stored plus one, so that 0 means none. A
/// new format gets a new version byte and a new channel name (<see cref="RedisHybridCacheBackplaneOptions.DefaultChannel"/>).
/// </summary>
internal sealed class HybridInvalidationCodec : IChannelCodec<HybridCacheInvalidation>
{
    /// <summary>The format version this codec writes and reads.</summary>
    public const byte Version = 1;

    private const byte KeyKind = 1;
    private const byte TagKind = 2;
    private const byte EverythingKind = 3;
    private const byte MarkerKind = 4;

    // Invalid UTF-8 is an error rather than U+FFFD: a mangled key must not evict a different one.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private HybridInvalidationCodec()
    {
    }

    public static HybridCacheInvalidation Everything() => HybridCacheInvalidation.Everything(null);

    public static byte[] Encode(HybridCacheInvalidation invalidation)
    {
        ArgumentNullException.ThrowIfNull(invalidation);
        var buffer = new ArrayBufferWriter<byte>(64);
        switch (invalidation.Kind)
        {
            case HybridCacheInvalidationKind.Key:
                WriteHeader(buffer, KeyKind, invalidation.Origin);
                WriteString(buffer, invalidation.Key!, plusOne: false);
                break;
            case HybridCacheInvalidationKind.Tag:
                WriteHeader(buffer, TagKind, invalidation.Origin);
                WriteString(buffer, invalidation.Tag!, plusOne: false);
                BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(sizeof(long)), invalidation.InvalidatedAt.UtcTicks);
                buffer.Advance(sizeof(long));
                break;
            default:
                WriteHeader(buffer, EverythingKind, invalidation.Origin);
                break;
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeMarker(string marker)
    {
        var buffer = new ArrayBufferWriter<byte>(48);
        WriteHeader(buffer, MarkerKind, origin: null);
        WriteString(buffer, marker, plusOne: false);
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="InvalidDataException">Not a message of this version: unknown version or kind, truncated, trailing bytes, bad UTF-8, an empty key or tag, ticks out of range.</exception>
    public static (HybridCacheInvalidation? Invalidation, string? Marker) Decode(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var reader = new Reader(payload);
        var version = reader.Byte();
        if (version != Version)
        {
            throw new InvalidDataException($"Version {version} of the HybridCache invalidation format is not supported (this is version {Version}).");
        }

        var kind = reader.Byte();
        var originLength = reader.Length();
        var origin = originLength == 0 ? null : reader.Utf8(originLength - 1);
        (HybridCacheInvalidation? Invalidation, string? Marker) message = kind switch
        {
            KeyKind => (HybridCacheInvalidation.ForKey(origin, reader.NonEmpty("key")), null),
            TagKind => (HybridCacheInvalidation.ForTag(origin, reader.NonEmpty("tag"), reader.Ticks()), null),
            EverythingKind => (HybridCacheInvalidation.Everything(origin), null),
            MarkerKind => (null, reader.NonEmpty("marker")),
            _ => throw new InvalidDataException($"Unknown HybridCache invalidation kind {kind}."),
        };
        reader.End();
        return message;
    }

    private static void WriteHeader(ArrayBufferWriter<byte> buffer, byte kind, string? origin)
    {
        var header = buffer.GetSpan(2);
        header[0] = Version;
        header[1] = kind;
        buffer.Advance(2);
        if (origin is null)
        {
            WriteLength(buffer, 0);
        }
        else
        {
            WriteString(buffer, origin, plusOne: true);
        }
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value, bool plusOne)
    {
        var length = Strict.GetByteCount(value);
        WriteLength(buffer, (uint)length + (plusOne ? 1u : 0u));
        buffer.Advance(Strict.GetBytes(value, buffer.GetSpan(length)));
    }

    private static void WriteLength(ArrayBufferWriter<byte> buffer, uint value)
    {
        var span = buffer.GetSpan(5);
        var written = 0;
        for (; value >= 0x80; value >>= 7)
        {
            span[written++] = (byte)(value | 0x80);
        }

        span[written++] = (byte)value;
        buffer.Advance(written);
    }

    /// <summary>Reads a payload front to back; every shortfall is an <see cref="InvalidDataException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> payload)
    {
        private ReadOnlySpan<byte> _rest = payload;

        public byte Byte() => Take(1)[0];

        public int Length()
        {
            var value = 0u;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var next = Byte();
                value |= (uint)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return value <= int.MaxValue ? (int)value : throw new InvalidDataException("A length is out of range.");
                }
            }

            throw new InvalidDataException("A length is longer than five bytes.");
        }

        public string Utf8(int length)
        {
            try
            {
                return Strict.GetString(Take(length));
            }
            catch (DecoderFallbackException ex)
            {
                throw new InvalidDataException("A string is not valid UTF-8.", ex);
            }
        }

        public string NonEmpty(string what)
        {
            var value = Utf8(Length());
            return value.Length > 0 ? value : throw new InvalidDataException($"The {what} is empty.");
        }

        public DateTimeOffset Ticks()
        {
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));
            return ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new DateTimeOffset(ticks, TimeSpan.Zero)
                : throw new InvalidDataException($"The invalidation time {ticks} is out of range.");
        }

        public readonly void End()
        {
            if (!_rest.IsEmpty)
            {
                throw new InvalidDataException($"{_rest.Length} bytes follow the message.");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _rest.Length)
            {
                throw new InvalidDataException("The message is truncated.");
            }

            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }
    }
}
