namespace Adapters.InMemory.Internal;

/// <summary>One session of the in-memory auth store; every member is used under <see cref="Gate"/>.</summary>
internal sealed class AuthSession
{
    public Lock Gate { get; } = new();

    public byte[]? Credentials { get; set; }

    public Dictionary<string, Dictionary<string, byte[]>> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Set once the session was emptied and unlinked from the store.</summary>
    public bool Retired { get; set; }

    public bool IsEmpty => Credentials is null && Keys.Count == 0;

    public bool IsLive
    {
        get
        {
            lock (Gate)
            {
                return !Retired && !IsEmpty;
            }
        }
    }

    public Dictionary<string, byte[]> Get(string type, IEnumerable<string> ids)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (Keys.TryGetValue(type, out var byId))
        {
            foreach (var id in ids)
            {
                if (byId.TryGetValue(id, out var value))
                {
                    result[id] = value.ToArray();
                }
            }
        }

        return result;
    }

    public List<(string Type, string Id)> ListKeys()
    {
        var result = new List<(string Type, string Id)>();
        foreach (var (type, byId) in Keys)
        {
            foreach (var id in byId.Keys)
            {
                result.Add((type, id));
            }
        }

        return result;
    }

    public void Apply(IEnumerable<AuthKeyChange> changes)
    {
        foreach (var (type, id, value) in changes)
        {
            if (value is not null)
            {
                if (!Keys.TryGetValue(type, out var byId))
                {
                    Keys[type] = byId = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                }

                byId[id] = value;
            }
            else if (Keys.TryGetValue(type, out var byId) && byId.Remove(id) && byId.Count == 0)
            {
                Keys.Remove(type);
            }
        }
    }
}
