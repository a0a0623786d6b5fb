namespace Adapters.TestServers;

/// <summary>The RESP2 reply types the harness reads.</summary>
internal enum RespReplyKind
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    Null,
}
