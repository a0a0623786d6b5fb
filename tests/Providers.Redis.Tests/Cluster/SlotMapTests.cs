using System.Buffers;
using System.Globalization;
using System.Text;
using Adapters.Redis.Cluster;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>
/// <see cref="SlotMap"/> from CLUSTER SHARDS and CLUSTER SLOTS replies built as raw RESP3 and RESP2 bytes (maps become
/// flat arrays in RESP2) and read through <see cref="RespValue.Read"/>, plus replies captured from redis-server 7.0.15.
/// </summary>
public sealed class SlotMapTests
{
    private static readonly RedisEndPoint AnsweredBy = new("seed.example", 7777);
    private static readonly RedisEndPoint MasterA = new("10.0.0.1", 7000);
    private static readonly RedisEndPoint MasterB = new("10.0.0.6", 7005);
    private static readonly RedisEndPoint MasterC = new("10.0.0.3", 7002);

    public static TheoryData<bool> Protocols => [true, false];

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Shards_map_every_slot_to_its_healthy_master(bool resp3)
    {
        var map = SlotMap.FromShards(Read(ThreeShards(resp3)), AnsweredBy);

        Assert.Equal(0, map.UnservedSlots);
        Assert.Equal([MasterA, MasterC, MasterB], map.Masters.OrderBy(master => master.Port));
        AssertOwners(map, (0, 5460, MasterA), (5461, 8000, MasterB), (8001, 8999, MasterC), (9000, 10922, MasterB), (10923, 16383, MasterC));
    }

    [Fact]
    public void RESP2_and_RESP3_shard_replies_give_identical_maps()
    {
        var resp3 = SlotMap.FromShards(Read(ThreeShards(resp3: true)), AnsweredBy);
        var resp2 = SlotMap.FromShards(Read(ThreeShards(resp3: false)), AnsweredBy);

        for (var slot = 0; slot < HashSlot.Count; slot++)
        {
            Assert.Equal(resp3[slot], resp2[slot]);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void A_shard_whose_only_master_failed_leaves_its_slots_unserved(bool resp3)
    {
        var r = new Resp(resp3);
        var reply = r.Array(
            Shard(r, [0, 99], Node(r, "a", "10.0.0.1", 7000, "master", "online")),
            Shard(r, [100, 199, 300, 309], Node(r, "b", "10.0.0.2", 7001, "master", "fail"), Node(r, "b2", "10.0.0.5", 7004, "replica", "online")));

        var map = SlotMap.FromShards(Read(reply), AnsweredBy);

        Assert.Equal(HashSlot.Count - 100, map.UnservedSlots);
        Assert.Null(map[100]);
        Assert.Null(map[309]);
        Assert.Equal([MasterA], map.Masters);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_real_single_node_reply_without_an_ip_uses_the_answering_host(bool resp3)
    {
        var reply = resp3
            ? "*1\r\n%2\r\n$5\r\nslots\r\n*4\r\n:0\r\n:100\r\n:200\r\n:300\r\n$5\r\nnodes\r\n*1\r\n%7\r\n$2\r\nid\r\n$40\r\n52d8964e4c12b1de6d6c2c3012aa6590213f57b8\r\n$4\r\nport\r\n:17311\r\n$2\r\nip\r\n$0\r\n\r\n$8\r\nendpoint\r\n$0\r\n\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$18\r\nreplication-offset\r\n:0\r\n$6\r\nhealth\r\n$6\r\nonline\r\n"
            : "*1\r\n*4\r\n$5\r\nslots\r\n*4\r\n:0\r\n:100\r\n:200\r\n:300\r\n$5\r\nnodes\r\n*1\r\n*14\r\n$2\r\nid\r\n$40\r\n52d8964e4c12b1de6d6c2c3012aa6590213f57b8\r\n$4\r\nport\r\n:17311\r\n$2\r\nip\r\n$0\r\n\r\n$8\r\nendpoint\r\n$0\r\n\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$18\r\nreplication-offset\r\n:0\r\n$6\r\nhealth\r\n$6\r\nonline\r\n";

        var map = SlotMap.FromShards(Read(reply), AnsweredBy);

        var node = new RedisEndPoint(AnsweredBy.Host, 17311);
        Assert.Equal(HashSlot.Count - 202, map.UnservedSlots);
        AssertOwners(map, (0, 100, node), (200, 300, node));
        Assert.Null(map[101]);
        Assert.Null(map[301]);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Unknown_ip_tls_port_and_text_slot_numbers_are_understood(bool resp3)
    {
        var r = new Resp(resp3);
        var tlsNode = r.Map(r.Bulk("id"), r.Bulk("t"), r.Bulk("tls-port"), r.Integer(17000), r.Bulk("ip"), r.Bulk("10.0.0.9"), r.Bulk("role"), r.Bulk("master"), r.Bulk("health"), r.Bulk("online"));
        var reply = r.Array(
            r.Map(r.Bulk("slots"), r.Array(r.Bulk("0"), r.Bulk("9")), r.Bulk("nodes"), r.Array(tlsNode)),
            Shard(r, [10, 19], Node(r, "q", "?", 7100, "master", "online")));

        var map = SlotMap.FromShards(Read(reply), AnsweredBy);

        AssertOwners(map, (0, 9, new RedisEndPoint("10.0.0.9", 17000)), (10, 19, new RedisEndPoint(AnsweredBy.Host, 7100)));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Slots_map_every_range_to_the_master_listed_first(bool resp3)
    {
        var map = SlotMap.FromSlots(Read(ClusterSlots(resp3)), AnsweredBy);

        Assert.Equal(0, map.UnservedSlots);
        Assert.Equal([MasterA, MasterC, MasterB], map.Masters.OrderBy(master => master.Port));
        AssertOwners(map, (0, 5460, MasterA), (5461, 8000, MasterB), (8001, 8999, MasterC), (9000, 10922, MasterB), (10923, 16383, MasterC));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_real_single_node_slots_reply_with_an_empty_ip_uses_the_answering_host(bool resp3)
    {
        var meta = resp3 ? "%0\r\n" : "*0\r\n";
        var reply = $"*2\r\n*3\r\n:0\r\n:100\r\n*4\r\n$0\r\n\r\n:17311\r\n$40\r\n52d8964e4c12b1de6d6c2c3012aa6590213f57b8\r\n{meta}*3\r\n:200\r\n:300\r\n*4\r\n$0\r\n\r\n:17311\r\n$40\r\n52d8964e4c12b1de6d6c2c3012aa6590213f57b8\r\n{meta}";

        var map = SlotMap.FromSlots(Read(reply), AnsweredBy);

        var node = new RedisEndPoint(AnsweredBy.Host, 17311);
        Assert.Equal(HashSlot.Count - 202, map.UnservedSlots);
        AssertOwners(map, (0, 100, node), (200, 300, node));
    }

    [Theory]
    [InlineData("$-1\r\n")]
    [InlineData("_\r\n")]
    [InlineData("$1\r\n?\r\n")]
    public void A_slots_reply_with_an_unknown_endpoint_uses_the_answering_host(string endpoint)
    {
        var reply = $"*1\r\n*3\r\n:0\r\n:16383\r\n*3\r\n{endpoint}:7001\r\n$2\r\nid\r\n";

        var map = SlotMap.FromSlots(Read(reply), AnsweredBy);

        Assert.Equal([new RedisEndPoint(AnsweredBy.Host, 7001)], map.Masters);
        Assert.Equal(0, map.UnservedSlots);
    }

    [Fact]
    public void An_empty_reply_serves_no_slot()
    {
        Assert.Equal(HashSlot.Count, SlotMap.FromShards(Read("*0\r\n"), AnsweredBy).UnservedSlots);
        Assert.Equal(HashSlot.Count, SlotMap.FromSlots(Read("*0\r\n"), AnsweredBy).UnservedSlots);
        Assert.Empty(SlotMap.FromSlots(Read("*0\r\n"), AnsweredBy).Masters);
    }

    [Fact]
    public void With_returns_a_copy_with_one_slot_moved_and_leaves_the_original_alone()
    {
        var original = SlotMap.FromShards(Read(ThreeShards(resp3: true)), AnsweredBy);
        var newcomer = new RedisEndPoint("10.0.0.7", 7006);

        var moved = original.With(12182, newcomer);

        Assert.NotSame(original, moved);
        Assert.Equal(MasterC, original[12182]);
        Assert.Equal(newcomer, moved[12182]);
        Assert.Equal(3, original.Masters.Count);
        Assert.Equal(4, moved.Masters.Count);
        Assert.Contains(newcomer, moved.Masters);
        for (var slot = 0; slot < HashSlot.Count; slot++)
        {
            if (slot != 12182)
            {
                Assert.Equal(original[slot], moved[slot]);
            }
        }
    }

    [Fact]
    public void With_drops_a_master_that_no_longer_owns_a_slot_and_fills_unserved_slots()
    {
        var r = new Resp(resp3: true);
        var map = SlotMap.FromShards(Read(r.Array(Shard(r, [0, 0], Node(r, "a", "10.0.0.1", 7000, "master", "online")), Shard(r, [1, 1], Node(r, "b", "10.0.0.3", 7002, "master", "online")))), AnsweredBy);

        var moved = map.With(0, MasterC);
        var filled = moved.With(5, MasterA);

        Assert.Equal([MasterC], moved.Masters);
        Assert.Equal(HashSlot.Count - 2, moved.UnservedSlots);
        Assert.Equal(HashSlot.Count - 3, filled.UnservedSlots);
        Assert.Equal(2, filled.Masters.Count);
    }

    [Fact]
    public void Masters_are_distinct_whatever_the_host_case()
    {
        var r = new Resp(resp3: true);
        var reply = r.Array(Shard(r, [0, 9], Node(r, "a", "Node-A.example", 7000, "master", "online")), Shard(r, [10, 19], Node(r, "b", "node-a.EXAMPLE", 7000, "master", "online")));

        Assert.Single(SlotMap.FromShards(Read(reply), AnsweredBy).Masters);
    }

    // Shard A: master + replica. Shard B: a replica listed first, the failed old master, then the promoted master,
    // two slot ranges. Shard C: two ranges, announced hostname, a loading replica.
    private static string ThreeShards(bool resp3)
    {
        var r = new Resp(resp3);
        return r.Array(
            Shard(r, [0, 5460], Node(r, "a1", "10.0.0.1", 7000, "master", "online"), Node(r, "a2", "10.0.0.4", 7003, "replica", "online")),
            Shard(
                r,
                [5461, 8000, 9000, 10922],
                Node(r, "b3", "10.0.0.8", 7007, "replica", "online"),
                Node(r, "b1", "10.0.0.2", 7001, "master", "fail"),
                Node(r, "b2", "10.0.0.6", 7005, "master", "online")),
            Shard(
                r,
                [8001, 8999, 10923, 16383],
                r.Map(
                    r.Bulk("id"), r.Bulk("c1"), r.Bulk("port"), r.Integer(7002), r.Bulk("ip"), r.Bulk("10.0.0.3"), r.Bulk("endpoint"), r.Bulk("10.0.0.3"),
                    r.Bulk("hostname"), r.Bulk("node-c.example"), r.Bulk("role"), r.Bulk("master"), r.Bulk("replication-offset"), r.Integer(72156), r.Bulk("health"), r.Bulk("online")),
                Node(r, "c2", "10.0.0.9", 7008, "replica", "loading")));
    }

    // CLUSTER SLOTS: [start, end, master [ip, port, id, metadata], replicas...], with Redis 7's hostname metadata.
    private static string ClusterSlots(bool resp3)
    {
        var r = new Resp(resp3);
        string Node(string ip, int port, string id) => r.Array(r.Bulk(ip), r.Integer(port), r.Bulk(id), r.Map(r.Bulk("hostname"), r.Bulk(id + ".example")));
        return r.Array(
            r.Array(r.Integer(0), r.Integer(5460), Node("10.0.0.1", 7000, "a1"), Node("10.0.0.4", 7003, "a2")),
            r.Array(r.Integer(5461), r.Integer(8000), Node("10.0.0.6", 7005, "b2"), Node("10.0.0.8", 7007, "b3")),
            r.Array(r.Integer(8001), r.Integer(8999), Node("10.0.0.3", 7002, "c1")),
            r.Array(r.Integer(9000), r.Integer(10922), Node("10.0.0.6", 7005, "b2"), Node("10.0.0.8", 7007, "b3")),
            r.Array(r.Integer(10923), r.Integer(16383), Node("10.0.0.3", 7002, "c1"), Node("10.0.0.9", 7008, "c2")));
    }

    private static string Shard(Resp r, long[] slots, params string[] nodes)
        => r.Map(r.Bulk("slots"), r.Array([.. slots.Select(r.Integer)]), r.Bulk("nodes"), r.Array(nodes));

    private static string Node(Resp r, string id, string ip, int port, string role, string health)
        => r.Map(
            r.Bulk("id"), r.Bulk(id), r.Bulk("port"), r.Integer(port), r.Bulk("ip"), r.Bulk(ip), r.Bulk("endpoint"), r.Bulk(ip),
            r.Bulk("role"), r.Bulk(role), r.Bulk("replication-offset"), r.Integer(1234), r.Bulk("health"), r.Bulk(health));

    private static RespValue Read(string reply)
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(reply)));
        reader.MoveNext();
        var value = RespValue.Read(ref reader);
        Assert.True(reader.End);
        return value;
    }

    private static void AssertOwners(SlotMap map, params (int First, int Last, RedisEndPoint Owner)[] ranges)
    {
        foreach (var (first, last, owner) in ranges)
        {
            for (var slot = first; slot <= last; slot++)
            {
                Assert.Equal(owner, map[slot]);
            }
        }
    }

    /// <summary>Encodes RESP by hand; in RESP2 a map is written as a flat array, as Redis does.</summary>
    private sealed class Resp(bool resp3)
    {
        public string Bulk(string text) => $"${Encoding.UTF8.GetByteCount(text)}\r\n{text}\r\n";

        public string Integer(long value) => $":{value.ToString(CultureInfo.InvariantCulture)}\r\n";

        public string Array(params string[] items) => $"*{items.Length}\r\n{string.Concat(items)}";

        public string Map(params string[] keysAndValues)
            => resp3 ? $"%{keysAndValues.Length / 2}\r\n{string.Concat(keysAndValues)}" : Array(keysAndValues);
    }
}
