using System.Globalization;

namespace Adapters.TestServers;

/// <summary>One line of CLUSTER NODES: who a node is, its role and the slots it serves.</summary>
internal sealed record ClusterNodeEntry(string Id, int Port, IReadOnlySet<string> Flags, string? MasterId, IReadOnlyList<(int First, int Last)> Slots)
{
    public bool IsMaster => Flags.Contains("master");

    public bool IsFailing => Flags.Contains("fail") || Flags.Contains("fail?");

    public bool IsMyself => Flags.Contains("myself");

    /// <summary>True when the line also shows an ongoing migration or import (the "[slot->-id]" entries).</summary>
    public bool HasOpenSlots { get; private init; }

    public bool Owns(int slot) => Slots.Any(range => range.First <= slot && slot <= range.Last);

    public static IReadOnlyList<ClusterNodeEntry> ParseAll(string clusterNodes) =>
        clusterNodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToArray();

    // <id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv> <config-epoch> <link-state> <slot> ...
    private static ClusterNodeEntry Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8)
        {
            throw new FormatException("Unexpected CLUSTER NODES line: " + line);
        }

        var address = fields[1];
        var colon = address.LastIndexOf(':', address.IndexOf('@', StringComparison.Ordinal));
        var port = int.Parse(address[(colon + 1)..address.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        var slots = new List<(int, int)>();
        var open = false;
        foreach (var slot in fields.Skip(8))
        {
            if (slot.StartsWith('['))
            {
                open = true;
                continue;
            }

            var dash = slot.IndexOf('-', StringComparison.Ordinal);
            slots.Add(dash < 0
                ? (int.Parse(slot, CultureInfo.InvariantCulture), int.Parse(slot, CultureInfo.InvariantCulture))
                : (int.Parse(slot[..dash], CultureInfo.InvariantCulture), int.Parse(slot[(dash + 1)..], CultureInfo.InvariantCulture)));
        }

        return new ClusterNodeEntry(fields[0], port, fields[2].Split(',').ToHashSet(StringComparer.Ordinal), fields[3] == "-" ? null : fields[3], slots)
        {
            HasOpenSlots = open,
        };
    }
}
