namespace Adapters.Redis.Maps;

/// <summary>An entry of a change window as stored: its field, framed value (null for a tombstone) and stamp.</summary>
internal readonly record struct RawEntry(byte[] Field, byte[]? Value, long Stamp);

/// <summary>A change window as read from Redis, before decoding: checkpoint, high-water mark, entries oldest first.</summary>
internal sealed record RawWindow(long Checkpoint, long HighWaterMark, IReadOnlyList<RawEntry> Entries, bool HasMore);
