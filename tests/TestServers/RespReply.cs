using System.Globalization;
using System.Text;

namespace Adapters.TestServers;

/// <summary>One parsed RESP2 reply; bulk strings keep their bytes so keys round-trip exactly (MIGRATE).</summary>
internal sealed class RespReply
{
    private RespReply(RespReplyKind kind, byte[]? bytes, long integer, IReadOnlyList<RespReply> items)
    {
        Kind = kind;
        Bytes = bytes;
        Integer = integer;
        Items = items;
    }

    public RespReplyKind Kind { get; }

    public byte[]? Bytes { get; }

    public long Integer { get; }

    public IReadOnlyList<RespReply> Items { get; }

    public bool IsError => Kind == RespReplyKind.Error;

    public string Text => Kind switch
    {
        RespReplyKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        RespReplyKind.Null => string.Empty,
        RespReplyKind.Array => string.Join('\n', Items.Select(item => item.Text)),
        _ => Encoding.UTF8.GetString(Bytes!),
    };

    public static RespReply Simple(byte[] bytes) => new(RespReplyKind.SimpleString, bytes, 0, []);

    public static RespReply Error(byte[] bytes) => new(RespReplyKind.Error, bytes, 0, []);

    public static RespReply Number(long value) => new(RespReplyKind.Integer, null, value, []);

    public static RespReply Bulk(byte[] bytes) => new(RespReplyKind.BulkString, bytes, 0, []);

    public static RespReply Array(IReadOnlyList<RespReply> items) => new(RespReplyKind.Array, null, 0, items);

    public static RespReply Nil { get; } = new(RespReplyKind.Null, null, 0, []);

    public override string ToString() => Kind == RespReplyKind.Error ? $"-{Text}" : Text;
}
