using System.Collections;

namespace Adapters;

/// <summary>
/// Writes and deletions across many key types, applied atomically by <see cref="IAuthStateStore.SetKeysAsync"/>.
/// A <see langword="null"/> value deletes; a later change to the same type and id replaces an earlier one.
/// </summary>
/// <remarks>Values are kept by reference until applied; do not mutate an array after adding it.</remarks>
public sealed class AuthKeyChangeSet : IEnumerable<AuthKeyChange>
{
    private readonly Dictionary<string, Dictionary<string, byte[]?>> _byType = new(StringComparer.Ordinal);

    /// <summary>The number of changes (type and id pairs).</summary>
    public int Count { get; private set; }

    /// <summary>Whether the set holds no change.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The types that have at least one change.</summary>
    public IEnumerable<string> Types => _byType.Keys;

    /// <summary>Adds a write, or a deletion when <paramref name="value"/> is <see langword="null"/> (collection-initializer form).</summary>
    public void Add(string type, string id, byte[]? value)
    {
        NameRules.ValidateKeyType(type);
        NameRules.ValidateKeyId(id);
        if (!_byType.TryGetValue(type, out var ids))
        {
            _byType[type] = ids = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        }

        if (ids.TryAdd(id, value))
        {
            Count++;
        }
        else
        {
            ids[id] = value;
        }
    }

    /// <summary>Adds a write of <paramref name="value"/>.</summary>
    public AuthKeyChangeSet Set(string type, string id, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Add(type, id, value);
        return this;
    }

    /// <summary>Adds a deletion.</summary>
    public AuthKeyChangeSet Delete(string type, string id)
    {
        Add(type, id, null);
        return this;
    }

    /// <summary>Adds every change of <paramref name="other"/>; its changes win over this set's.</summary>
    public AuthKeyChangeSet MergeFrom(AuthKeyChangeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var change in other)
        {
            Add(change.Type, change.Id, change.Value);
        }

        return this;
    }

    /// <summary>The changes of one type by id (a <see langword="null"/> value deletes); empty when the type has none.</summary>
    public IReadOnlyDictionary<string, byte[]?> ForType(string type)
        => _byType.TryGetValue(type, out var ids) ? ids : EmptyIds;

    /// <inheritdoc />
    public IEnumerator<AuthKeyChange> GetEnumerator()
    {
        foreach (var (type, ids) in _byType)
        {
            foreach (var (id, value) in ids)
            {
                yield return new AuthKeyChange(type, id, value);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static readonly IReadOnlyDictionary<string, byte[]?> EmptyIds = new Dictionary<string, byte[]?>();
}

/// <summary>One change of an <see cref="AuthKeyChangeSet"/>.</summary>
/// <param name="Type">The key type.</param>
/// <param name="Id">The key id.</param>
/// <param name="Value">The new value, or <see langword="null"/> to delete.</param>
public readonly record struct AuthKeyChange(string Type, string Id, byte[]? Value);
