using System.Diagnostics.CodeAnalysis;

namespace Adapters;

/// <summary>The result of a lookup that may find nothing.</summary>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Found">Whether the key was present.</param>
/// <param name="Value">The value when found; otherwise <see langword="default"/>.</param>
public readonly record struct MapLookup<TValue>(bool Found, TValue? Value)
{
    /// <summary>A lookup that found nothing.</summary>
    public static MapLookup<TValue> Missing => default;

    /// <summary>Returns <see langword="true"/> and the value when the key was present.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out TValue value)
    {
        value = Value!;
        return Found;
    }
}
