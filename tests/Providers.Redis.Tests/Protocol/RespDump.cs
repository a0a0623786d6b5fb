using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Adapters.Redis.Protocol;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>
/// Canonical text of RESP values, so "reads identically" is one string comparison. <see cref="Raw(ref RespReader)"/>
/// walks headers with <see cref="RespReader.TryReadNext"/> and shows attributes (<c>|1[k,v] value</c>);
/// <see cref="Typed(RespValue)"/> shows what <see cref="RespValue.Read"/> materialized through the typed accessors.
/// </summary>
internal static class RespDump
{
    private const int LongPayload = 256;

    /// <summary>The raw dump of the single value at the start of <paramref name="buffer"/>.</summary>
    public static string Raw(ReadOnlySequence<byte> buffer)
    {
        var reader = new RespReader(buffer);
        return Raw(ref reader);
    }

    /// <summary>The raw dump of the next value (with its leading attributes), advancing the reader past it.</summary>
    public static string Raw(ref RespReader reader)
    {
        var text = new StringBuilder();
        AppendRaw(ref reader, text);
        return text.ToString();
    }

    /// <summary>The next value read with <see cref="RespReader.MoveNext"/> and <see cref="RespValue.Read"/>, dumped.</summary>
    public static string Typed(ref RespReader reader)
    {
        reader.MoveNext();
        return Typed(RespValue.Read(ref reader));
    }

    public static string Typed(ReadOnlySequence<byte> buffer)
    {
        var reader = new RespReader(buffer);
        return Typed(ref reader);
    }

    public static string Typed(RespValue value)
    {
        var marker = (char)(byte)value.Type;
        if (value.IsNull)
        {
            return marker + "null";
        }

        return value.Type switch
        {
            RespType.Array or RespType.Set or RespType.Push or RespType.Map
                => marker + "[" + string.Join(",", value.Items.Select(Typed)) + "]",
            RespType.Integer => ":" + value.AsInt64().ToString(CultureInfo.InvariantCulture),
            RespType.Double => "," + value.AsDouble().ToString("R", CultureInfo.InvariantCulture),
            RespType.Boolean => "#" + (value.AsBoolean() ? "t" : "f"),
            RespType.BigNumber => "(" + value.AsBigInteger().ToString(CultureInfo.InvariantCulture),
            RespType.VerbatimString => "=" + value.VerbatimFormat + ":" + Escape(value.AsBytes()!),
            _ => marker + Escape(value.AsBytes()!),
        };
    }

    /// <summary>Printable ASCII as is, CR and LF as <c>\r</c> <c>\n</c>, other bytes as <c>\xNN</c>; long payloads by length and hash.</summary>
    public static string Escape(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > LongPayload)
        {
            return $"<{payload.Length} bytes sha256:{Convert.ToHexString(SHA256.HashData(payload))[..16]}>";
        }

        var text = new StringBuilder(payload.Length);
        foreach (var b in payload)
        {
            _ = b switch
            {
                (byte)'\r' => text.Append("\\r"),
                (byte)'\n' => text.Append("\\n"),
                (byte)'\\' => text.Append("\\\\"),
                >= 0x20 and < 0x7F => text.Append((char)b),
                _ => text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}"),
            };
        }

        return text.ToString();
    }

    private static void AppendRaw(ref RespReader reader, StringBuilder text)
    {
        Assert.True(reader.TryReadNext(), "The value is incomplete.");
        var type = reader.Type;
        var marker = (char)(byte)type;
        if (type.IsAggregate())
        {
            text.Append(marker).Append(reader.Length.ToString(CultureInfo.InvariantCulture));
            if (reader.Length >= 0)
            {
                var children = reader.Length * type.ChildrenPerCount();
                text.Append('[');
                for (var i = 0L; i < children; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    AppendRaw(ref reader, text);
                }

                text.Append(']');
            }

            if (type == RespType.Attribute)
            {
                text.Append(' ');
                AppendRaw(ref reader, text);
            }

            return;
        }

        text.Append(marker);
        if (type.IsBulk())
        {
            text.Append(reader.Length.ToString(CultureInfo.InvariantCulture));
            if (reader.Length < 0)
            {
                return;
            }

            text.Append(':');
        }

        Assert.Equal(reader.Payload.Length, type == RespType.Null ? 0 : reader.Length);
        text.Append(Escape(reader.PayloadToArray()));
    }
}
