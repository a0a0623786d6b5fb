using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;

namespace Adapters.Redis.Commands;

/// <summary>Reply parsers shared by the command families; each reads straight from the receive buffer.</summary>
internal static class Replies
{
    /// <summary>Any reply, read and dropped.</summary>
    public static readonly ReplyParser<bool> Ignore = static (ref RespReader reader) =>
    {
        reader.SkipChildren();
        return true;
    };

    /// <summary><c>+OK</c> → true; a null (e.g. <c>SET … NX</c> that did not set) → false.</summary>
    public static readonly ReplyParser<bool> Ok = static (ref RespReader reader) => !reader.IsNull;

    public static readonly ReplyParser<byte[]?> Bulk = static (ref RespReader reader) => reader.IsNull ? null : reader.PayloadToArray();

    public static readonly ReplyParser<string?> Text = static (ref RespReader reader) => reader.IsNull ? null : reader.PayloadToString();

    public static readonly ReplyParser<long> Integer = static (ref RespReader reader) => reader.PayloadToInt64();

    public static readonly ReplyParser<long?> IntegerOrNull = static (ref RespReader reader) => reader.IsNull ? null : reader.PayloadToInt64();

    /// <summary><c>:1</c> → true, <c>:0</c> → false (EXPIRE, HSETNX, SISMEMBER…); RESP3 booleans too.</summary>
    public static readonly ReplyParser<bool> Flag = static (ref RespReader reader)
        => reader.Type == RespType.Boolean ? reader.PayloadToBoolean() : reader.PayloadToInt64() != 0;

    public static readonly ReplyParser<double?> DoubleOrNull = static (ref RespReader reader) => reader.IsNull ? null : reader.PayloadToDouble();

    public static readonly ReplyParser<RespValue> Value = static (ref RespReader reader) => RespValue.Read(ref reader);

    /// <summary>An array of bulk strings or nulls (MGET, HMGET).</summary>
    public static readonly ReplyParser<byte[]?[]> BulkArray = static (ref RespReader reader) =>
    {
        var values = new byte[]?[reader.IsNull ? 0 : reader.Length];
        for (var i = 0; i < values.Length; i++)
        {
            reader.MoveNext();
            values[i] = reader.IsNull ? null : reader.PayloadToArray();
        }

        return values;
    };

    /// <summary>Field/value pairs: a RESP3 map or a RESP2 flat array (HGETALL, CONFIG GET).</summary>
    public static readonly ReplyParser<KeyValuePair<byte[], byte[]>[]> Pairs = static (ref RespReader reader) =>
    {
        var count = reader.IsNull ? 0 : reader.Type == RespType.Map ? reader.Length : reader.Length / 2;
        var pairs = new KeyValuePair<byte[], byte[]>[count];
        for (var i = 0; i < pairs.Length; i++)
        {
            reader.MoveNext();
            var field = reader.PayloadToArray();
            reader.MoveNext();
            pairs[i] = new KeyValuePair<byte[], byte[]>(field, reader.PayloadToArray());
        }

        return pairs;
    };

    /// <summary>A list of bulk strings (KEYS-like replies, SMEMBERS, ZRANGE without scores).</summary>
    public static readonly ReplyParser<byte[][]> BulkList = static (ref RespReader reader) =>
    {
        var values = new byte[reader.IsNull ? 0 : reader.Length][];
        for (var i = 0; i < values.Length; i++)
        {
            reader.MoveNext();
            values[i] = reader.PayloadToArray();
        }

        return values;
    };
}
