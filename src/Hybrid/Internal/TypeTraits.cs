using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Adapters.Hybrid.Internal;

/// <summary>
/// Whether values of <typeparamref name="T"/> may be shared between callers: strings, value types without references,
/// and sealed types marked <c>[ImmutableObject(true)]</c>, as Microsoft's HybridCache decides. Others are deserialized
/// per hit so a caller mutating its copy cannot change what the next caller sees.
/// </summary>
internal static class TypeTraits<T>
{
    public static readonly bool IsImmutable = Decide();

    private static bool Decide()
    {
        var type = typeof(T);
        if (type == typeof(string) || (type.IsValueType && !RuntimeHelpers.IsReferenceOrContainsReferences<T>()))
        {
            return true;
        }

        return (type.IsSealed || type.IsValueType) && type.GetCustomAttribute<ImmutableObjectAttribute>() is { Immutable: true };
    }
}
