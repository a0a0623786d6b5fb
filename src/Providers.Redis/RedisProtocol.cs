namespace Adapters.Redis;

/// <summary>The RESP protocol version spoken to the server (configuration keyword <c>protocol</c>).</summary>
public enum RedisProtocol
{
    /// <summary>RESP3 (through <c>HELLO 3</c>) when the server supports it, else RESP2.</summary>
    Auto = 0,

    /// <summary>RESP2 only, as servers before Redis 6 speak it.</summary>
    Resp2 = 2,

    /// <summary>RESP3, requested explicitly through <c>HELLO 3</c>.</summary>
    Resp3 = 3,
}
