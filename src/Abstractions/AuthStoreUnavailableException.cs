namespace Adapters;

/// <summary>
/// An auth-state store could not read or write; thrown instead of an empty result so a client never mints new
/// credentials because of an outage (fail closed).
/// </summary>
public sealed class AuthStoreUnavailableException : StoreUnavailableException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AuthStoreUnavailableException()
        : base("The auth-state store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AuthStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public AuthStoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The session the operation was about.</summary>
    public string? SessionId { get; init; }
}
