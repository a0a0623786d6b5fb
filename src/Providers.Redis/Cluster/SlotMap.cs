using Adapters.Redis.Protocol;

namespace Adapters.Redis.Cluster;

/// <summary>An immutable snapshot of which master serves each of the 16384 slots.</summary>
internal sealed class SlotMap
{
    private readonly RedisEndPoint?[] _owners;

    private SlotMap(RedisEndPoint?[] owners)
    {
        _owners = owners;
        Masters = [.. owners.Where(owner => owner is not null).Select(owner => owner!).Distinct()];
    }

    public IReadOnlyList<RedisEndPoint> Masters { get; }

    public RedisEndPoint? this[int slot] => _owners[slot];

    /// <summary>A copy of this map with one slot moved (a MOVED redirection), until the next full refresh.</summary>
    public SlotMap With(int slot, RedisEndPoint owner)
    {
        var owners = (RedisEndPoint?[])_owners.Clone();
        owners[slot] = owner;
        return new SlotMap(owners);
    }

    /// <summary>Reads a <c>CLUSTER SHARDS</c> reply (Redis 7+): per shard its slot ranges and nodes with role and health.</summary>
    public static SlotMap FromShards(RespValue reply, RedisEndPoint answeredBy)
    {
        var owners = new RedisEndPoint?[HashSlot.Count];
        foreach (var shard in reply.Items)
        {
            var fields = Fields(shard);
            var master = fields.GetValueOrDefault("nodes")?.Items
                .Select(Fields)
                .FirstOrDefault(node => node.GetValueOrDefault("role")?.AsString() == "master" && node.GetValueOrDefault("health")?.AsString() != "fail");
            if (master is null)
            {
                continue;
            }

            // "endpoint" is what MOVED and ASK name (cluster-preferred-endpoint-type), so both agree on a node's address.
            var host = new[] { master.GetValueOrDefault("endpoint")?.AsString(), master.GetValueOrDefault("ip")?.AsString() }
                .FirstOrDefault(candidate => !string.IsNullOrEmpty(candidate) && candidate != "?") ?? answeredBy.Host;
            var port = master.GetValueOrDefault("port") ?? master.GetValueOrDefault("tls-port")
                ?? throw new RedisProtocolException("A CLUSTER SHARDS node has neither port nor tls-port.");
            var endPoint = new RedisEndPoint(host, (int)port.AsInt64());
            var ranges = fields.GetValueOrDefault("slots")?.Items ?? [];
            for (var i = 0; i + 1 < ranges.Count; i += 2)
            {
                Fill(owners, (int)ranges[i].AsInt64(), (int)ranges[i + 1].AsInt64(), endPoint);
            }
        }

        return new SlotMap(owners);
    }

    /// <summary>Reads a <c>CLUSTER SLOTS</c> reply (before Redis 7): [start, end, [ip, port, id], replicas…].</summary>
    public static SlotMap FromSlots(RespValue reply, RedisEndPoint answeredBy)
    {
        var owners = new RedisEndPoint?[HashSlot.Count];
        foreach (var range in reply.Items)
        {
            if (range.Items.Count < 3 || range.Items[2].Items.Count < 2)
            {
                throw new RedisProtocolException("A CLUSTER SLOTS range lacks its master's address.");
            }

            var master = range.Items[2];
            var host = master.Items[0].AsString();
            // Null, empty and "?" (hostname preferred but none announced) all mean: the host that answered.
            var endPoint = new RedisEndPoint(string.IsNullOrEmpty(host) || host == "?" ? answeredBy.Host : host, (int)master.Items[1].AsInt64());
            Fill(owners, (int)range.Items[0].AsInt64(), (int)range.Items[1].AsInt64(), endPoint);
        }

        return new SlotMap(owners);
    }

    public int UnservedSlots => _owners.Count(owner => owner is null);

    private static void Fill(RedisEndPoint?[] owners, int first, int last, RedisEndPoint endPoint)
    {
        for (var slot = first; slot <= last && slot < HashSlot.Count; slot++)
        {
            owners[slot] = endPoint;
        }
    }

    private static Dictionary<string, RespValue> Fields(RespValue map)
    {
        var fields = new Dictionary<string, RespValue>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < map.Items.Count; i += 2)
        {
            fields[map.Items[i].AsString() ?? string.Empty] = map.Items[i + 1];
        }

        return fields;
    }
}
