namespace Adapters.Hybrid.Internal;

/// <summary>Which keys and tags the cache accepts.</summary>
internal static class KeyRules
{
    /// <summary>The tag that stands for every entry in <c>RemoveByTagAsync</c>.</summary>
    public const string Wildcard = "*";

    /// <summary>Why <paramref name="key"/> cannot be cached, or <see langword="null"/> when it can.</summary>
    public static string? KeyProblem(string key, int maximumLength)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "empty or whitespace";
        }

        if (key.Length > maximumLength)
        {
            return $"longer than {maximumLength} characters";
        }

        return key.AsSpan().ContainsAnyInRange('\0', '\u001f') || key.AsSpan().ContainsAnyInRange('\u007f', '\u009f') ? "contains control characters" : null;
    }

    /// <summary>The tags of an entry, validated and without duplicates.</summary>
    /// <exception cref="ArgumentException">A tag is null, empty, whitespace, the reserved <c>*</c>, or has control characters.</exception>
    public static string[] EntryTags(IEnumerable<string>? tags, string parameterName)
    {
        if (tags is null)
        {
            return [];
        }

        ValidateEntryTags(tags, parameterName);
        var set = new HashSet<string>(tags, StringComparer.Ordinal);

        if (set.Count > ushort.MaxValue)
        {
            throw new ArgumentException($"An entry carries at most {ushort.MaxValue} tags.", parameterName);
        }

        return [.. set];
    }

    /// <summary>Validates an entry's tags without copying them (the L1 hit path).</summary>
    /// <exception cref="ArgumentException">A tag is unusable, as <see cref="EntryTags"/> says.</exception>
    public static void ValidateEntryTags(IEnumerable<string>? tags, string parameterName)
    {
        if (tags is null)
        {
            return;
        }

        foreach (var tag in tags)
        {
            ValidateTag(tag, parameterName);
            if (tag == Wildcard)
            {
                throw new ArgumentException("The tag '*' is reserved for RemoveByTagAsync (every entry); an entry cannot carry it.", parameterName);
            }
        }
    }

    /// <summary>Checks one tag (null, empty, whitespace or control characters are refused; the wildcard passes).</summary>
    /// <exception cref="ArgumentException">The tag is unusable.</exception>
    public static void ValidateTag(string? tag, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            throw new ArgumentException("A tag must not be null, empty or whitespace.", parameterName);
        }

        if (tag.AsSpan().ContainsAnyInRange('\0', '\u001f') || tag.Length > 1024)
        {
            throw new ArgumentException("A tag must not contain control characters or exceed 1024 characters.", parameterName);
        }
    }
}
