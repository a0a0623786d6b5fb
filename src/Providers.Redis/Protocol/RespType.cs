namespace Adapters.Redis.Protocol;

/// <summary>The RESP2/RESP3 type markers; the value is the byte that starts a frame.</summary>
internal enum RespType : byte
{
    None = 0,
    SimpleString = (byte)'+',
    Error = (byte)'-',
    Integer = (byte)':',
    BulkString = (byte)'$',
    Array = (byte)'*',
    Null = (byte)'_',
    Boolean = (byte)'#',
    Double = (byte)',',
    BigNumber = (byte)'(',
    BulkError = (byte)'!',
    VerbatimString = (byte)'=',
    Map = (byte)'%',
    Set = (byte)'~',
    Attribute = (byte)'|',
    Push = (byte)'>',
}

/// <summary>Classifications of <see cref="RespType"/>.</summary>
internal static class RespTypes
{
    public static bool IsAggregate(this RespType type)
        => type is RespType.Array or RespType.Map or RespType.Set or RespType.Push or RespType.Attribute;

    public static bool IsError(this RespType type) => type is RespType.Error or RespType.BulkError;

    /// <summary>Types whose payload is length-prefixed (<c>$5\r\nhello\r\n</c>) rather than a line.</summary>
    public static bool IsBulk(this RespType type)
        => type is RespType.BulkString or RespType.BulkError or RespType.VerbatimString;

    /// <summary>How many child values an aggregate header announces per unit of its count (maps hold pairs).</summary>
    public static long ChildrenPerCount(this RespType type) => type is RespType.Map or RespType.Attribute ? 2 : 1;
}
