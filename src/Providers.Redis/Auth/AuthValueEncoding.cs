using Adapters.Compression;

namespace Adapters.Redis.Auth;

/// <summary>
/// The one place stored values pass through on their way to and from Redis: the value frame of DESIGN.md, written by
/// the store's <see cref="RedisAuthStateOptions.Framer"/> (uncompressed by default, which leaves values as given unless
/// they begin with the frame magic) and read whatever codec wrote it.
/// </summary>
internal sealed class AuthValueEncoding(ValueFramer framer)
{
    /// <summary>What is sent for <paramref name="value"/>.</summary>
    public byte[] Encode(ReadOnlyMemory<byte> value) => framer.Encode(value.Span);

    /// <summary>The value a stored reply holds.</summary>
    /// <exception cref="InvalidDataException">The stored frame is corrupt; the message names the session and the key.</exception>
    public byte[] Decode(byte[] stored, string sessionId, string key)
    {
        try
        {
            return framer.Decode(stored);
        }
        catch (InvalidDataException ex)
        {
            throw StoredValueErrors.Invalid(sessionId, key, ex);
        }
    }
}
