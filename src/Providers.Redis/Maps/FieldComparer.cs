namespace Adapters.Redis.Maps;

/// <summary>Compares hash fields (a key's canonical bytes) by content.</summary>
internal sealed class FieldComparer : IEqualityComparer<byte[]>
{
    public static readonly FieldComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
