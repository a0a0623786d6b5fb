namespace Adapters.Redis.Connection;

/// <summary>
/// The wire format of the messages a <see cref="ResyncingChannel{T, TCodec}"/> carries, including the markers a channel
/// publishes to itself after a reconnect. The members are static so the channel calls the codec without an instance.
/// </summary>
internal interface IChannelCodec<T>
    where T : class
{
    /// <summary>The payload of <paramref name="invalidation"/>.</summary>
    static abstract byte[] Encode(T invalidation);

    /// <summary>The payload of a resynchronization marker, which receivers that do not own it ignore.</summary>
    static abstract byte[] EncodeMarker(string marker);

    /// <summary>Decodes a payload: an invalidation, or a marker (exactly one of the two is set).</summary>
    /// <exception cref="InvalidDataException">The payload is not a message of this format.</exception>
    static abstract (T? Invalidation, string? Marker) Decode(byte[] payload);

    /// <summary>The message raised by the channel itself (no origin) when anything may be stale.</summary>
    static abstract T Everything();
}
