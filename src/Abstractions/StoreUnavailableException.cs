namespace Adapters;

/// <summary>The backing store could not be reached or did not answer; the operation had no known effect.</summary>
public class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public StoreUnavailableException()
        : base("The store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public StoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The operation or command that failed, when known.</summary>
    public string? Operation { get; init; }

    /// <summary>The key the operation was about, when there was one.</summary>
    public string? Key { get; init; }
}
