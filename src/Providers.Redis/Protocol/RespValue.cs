using System.Globalization;
using System.Numerics;
using System.Text;

namespace Adapters.Redis.Protocol;

/// <summary>
/// A fully materialized reply, for commands whose shape is only known to the caller (scripts, server commands).
/// Hot paths parse straight from the buffer instead.
/// </summary>
internal sealed class RespValue
{
    private static readonly RespValue NullValue = new(RespType.Null, null);

    // byte[] for strings, errors, big numbers and verbatim text; long; double; bool; RespValue[] for aggregates
    // (maps and attributes flattened key, value, key, value).
    private readonly object? _value;

    private RespValue(RespType type, object? value)
    {
        Type = type;
        _value = value;
    }

    public RespType Type { get; }

    public bool IsNull => _value is null;

    public bool IsError => Type.IsError();

    /// <summary>The children of an aggregate (maps flattened as key, value, …); empty otherwise.</summary>
    public IReadOnlyList<RespValue> Items => _value as RespValue[] ?? [];

    public static RespValue Null => NullValue;

    /// <summary>Reads the value whose header <paramref name="reader"/> is on, with all its children.</summary>
    public static RespValue Read(ref RespReader reader)
    {
        if (reader.IsNull)
        {
            reader.SkipChildren();
            return new RespValue(reader.Type == RespType.Null ? RespType.Null : reader.Type, null);
        }

        switch (reader.Type)
        {
            case RespType.Integer:
                return new RespValue(RespType.Integer, reader.PayloadToInt64());
            case RespType.Double:
                return new RespValue(RespType.Double, reader.PayloadToDouble());
            case RespType.Boolean:
                return new RespValue(RespType.Boolean, reader.PayloadToBoolean());
            case RespType.BigNumber:
                // Kept as text (AsString), but refused now like a malformed integer rather than failing later in AsBigInteger.
                _ = reader.PayloadToBigInteger();
                return new RespValue(RespType.BigNumber, reader.PayloadToArray());
            case RespType.Array or RespType.Set or RespType.Push or RespType.Map:
                var items = new RespValue[reader.Length * reader.Type.ChildrenPerCount()];
                var type = reader.Type;
                for (var i = 0; i < items.Length; i++)
                {
                    reader.MoveNext();
                    items[i] = Read(ref reader);
                }

                return new RespValue(type, items);
            default:
                return new RespValue(reader.Type, reader.PayloadToArray());
        }
    }

    public static RespValue FromInteger(long value) => new(RespType.Integer, value);

    public static RespValue FromBulk(byte[] value) => new(RespType.BulkString, value);

    public static RespValue FromArray(RespValue[] items) => new(RespType.Array, items);

    public byte[]? AsBytes() => _value switch
    {
        null => null,
        byte[] bytes => Type == RespType.VerbatimString && bytes.Length >= 4 ? bytes[4..] : bytes,
        _ => Encoding.UTF8.GetBytes(AsString()!),
    };

    public string? AsString() => _value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(Type == RespType.VerbatimString && bytes.Length >= 4 ? bytes.AsSpan(4) : bytes),
        long number => number.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => throw new InvalidCastException($"A {Type} reply is not a string."),
    };

    public long AsInt64() => _value switch
    {
        long number => number,
        bool flag => flag ? 1 : 0,
        byte[] bytes when long.TryParse(bytes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new InvalidCastException($"A {Type} reply is not an integer."),
    };

    public double AsDouble() => _value switch
    {
        double number => number,
        long number => number,
        byte[] bytes when TryParseDouble(bytes, out var parsed) => parsed,
        _ => throw new InvalidCastException($"A {Type} reply is not a number."),
    };

    public bool AsBoolean() => _value switch
    {
        bool flag => flag,
        long number => number != 0,
        _ => throw new InvalidCastException($"A {Type} reply is not a boolean."),
    };

    public BigInteger AsBigInteger() => _value is byte[] bytes && Type == RespType.BigNumber
        ? BigInteger.Parse(Encoding.ASCII.GetString(bytes), CultureInfo.InvariantCulture)
        : AsInt64();

    /// <summary>The three-letter format of a verbatim string (<c>txt</c>, <c>mkd</c>), or null.</summary>
    public string? VerbatimFormat => Type == RespType.VerbatimString && _value is byte[] { Length: >= 4 } bytes ? Encoding.ASCII.GetString(bytes, 0, 3) : null;

    // RESP2 sends scores as text and spells infinities the way Redis prints them (ZSCORE → "inf"), which .NET does not parse.
    private static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (Ascii.EqualsIgnoreCase(text, "inf"u8) || Ascii.EqualsIgnoreCase(text, "+inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "-inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public override string ToString() => Type.IsAggregate() ? $"{Type}[{Items.Count}]" : $"{Type}:{AsString()}";
}
