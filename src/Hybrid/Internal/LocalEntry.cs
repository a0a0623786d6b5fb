using System.Buffers;
using Microsoft.Extensions.Caching.Hybrid;

namespace Adapters.Hybrid.Internal;

/// <summary>
/// A value as the L1 cache holds it: the instance itself for immutable types, otherwise its serialized bytes (each hit
/// deserializes its own copy), with the times and tags that decide whether it may still be used.
/// </summary>
internal sealed class LocalEntry(Type type, object? value, byte[]? bytes, long size, long createdTicks, long storedTicks, long expiresTicks, string[] tags)
{
    /// <summary>The type the entry was cached as; asking for another type is a programming error.</summary>
    public Type Type { get; } = type;

    /// <summary>When the value was created (UTC ticks); tag invalidations after it make it stale.</summary>
    public long CreatedTicks { get; } = createdTicks;

    /// <summary>When this node stored it in L1 (UTC ticks), the start of its L1 lifetime for eager refresh.</summary>
    public long StoredTicks { get; } = storedTicks;

    /// <summary>When it stops being fresh in L1 (UTC ticks); with fail-safe it is kept longer as a fallback.</summary>
    public long ExpiresTicks { get; } = expiresTicks;

    /// <summary>The entry's tags.</summary>
    public string[] Tags { get; } = tags;

    /// <summary>The serialized size of the value in bytes (at least 1): what it counts against the L1 size limit.</summary>
    public long Size { get; } = Math.Max(1, size);

    /// <summary>The serialized value (mutable types, or when it was needed for L2 anyway), else <see langword="null"/>.</summary>
    public byte[]? Bytes { get; } = bytes;

    private int _refreshing;

    /// <summary>Claims the one background refresh this entry may start; <see langword="false"/> when one already ran.</summary>
    public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;

    /// <summary>Whether the entry is still fresh at <paramref name="nowTicks"/>.</summary>
    public bool IsFresh(long nowTicks) => nowTicks < ExpiresTicks;

    /// <summary>The value for one caller: the shared instance of an immutable type, a fresh copy of a mutable one.</summary>
    public T GetValue<T>(IHybridCacheSerializer<T> serializer)
        => TypeTraits<T>.IsImmutable || Bytes is null ? (T)value! : serializer.Deserialize(new ReadOnlySequence<byte>(Bytes));
}
