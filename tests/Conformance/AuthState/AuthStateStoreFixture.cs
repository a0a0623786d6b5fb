namespace Adapters.Conformance.AuthState;

/// <summary>A provider's auth-state store under test. Tests use unique session ids, so one store serves them all.</summary>
public abstract class AuthStateStoreFixture : ConformanceFixture
{
    /// <summary>The store under test.</summary>
    public abstract IAuthStateStore Store { get; }

    /// <summary>
    /// The largest value the store accepts when it enforces a limit the suite can exceed cheaply (a capability):
    /// a change-set holding a larger value must be refused whole. <see langword="null"/> skips that test.
    /// </summary>
    public virtual int? MaxValueBytes => null;
}
