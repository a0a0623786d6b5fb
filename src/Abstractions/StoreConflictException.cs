namespace Adapters;

/// <summary>A concurrent writer changed what an operation depended on (a lost lease, a moved checkpoint, a watched key).</summary>
public class StoreConflictException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public StoreConflictException()
        : base("A concurrent change conflicted with the operation.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public StoreConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
