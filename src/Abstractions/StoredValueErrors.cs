namespace Adapters;

/// <summary>
/// Builds the <see cref="InvalidDataException"/> every provider throws for a stored value it cannot decode
/// (corrupt or truncated frame, unknown codec, oversize, or a payload the serializer rejects). The message names
/// the store and key, never the value; the entry is left in place.
/// </summary>
public static class StoredValueErrors
{
    /// <summary>The <see cref="Exception.Data"/> entry holding the store (map, session or cache) name.</summary>
    public const string StoreDataKey = "Adapters.Store";

    /// <summary>The <see cref="Exception.Data"/> entry holding the key.</summary>
    public const string KeyDataKey = "Adapters.Key";

    /// <summary>Creates the exception for the value of <paramref name="key"/> in <paramref name="store"/>.</summary>
    public static InvalidDataException Invalid(string store, string key, Exception? cause)
    {
        var reason = cause?.Message ?? "it cannot be decoded";
        var exception = new InvalidDataException($"The value stored in '{store}' for key '{key}' is invalid: {reason}", cause);
        exception.Data[StoreDataKey] = store;
        exception.Data[KeyDataKey] = key;
        return exception;
    }
}
