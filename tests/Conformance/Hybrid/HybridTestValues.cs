using System.ComponentModel;

namespace Adapters.Conformance.Hybrid;

/// <summary>A mutable value: every cache hit must hand out its own copy.</summary>
public sealed class MutableHybridValue
{
    /// <summary>A name.</summary>
    public string Name { get; set; } = "";

    /// <summary>A number callers may change.</summary>
    public int Count { get; set; }
}

/// <summary>A sealed type marked immutable: every L1 hit may hand out the same instance.</summary>
/// <param name="Name">A name.</param>
/// <param name="Count">A number.</param>
[ImmutableObject(true)]
public sealed record ImmutableHybridValue(string Name, int Count);

/// <summary>An unmanaged value type (immutable by construction).</summary>
/// <param name="X">A coordinate.</param>
/// <param name="Y">A coordinate.</param>
public readonly record struct HybridPoint(int X, int Y);
