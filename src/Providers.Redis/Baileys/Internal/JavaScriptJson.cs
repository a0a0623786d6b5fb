using System.Globalization;
using System.Text;

namespace Adapters.Baileys.Internal;

/// <summary>Strings and numbers exactly as ECMAScript's <c>JSON.stringify</c> writes them.</summary>
internal static class JavaScriptJson
{
    /// <summary>QuoteJSONString: only quotes, backslashes, control characters and lone surrogates are escaped.</summary>
    public static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        AppendEscape(text, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        AppendEscape(text, c);
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>
    /// Number::toString: the shortest digits that round-trip (what .NET's "R" gives too), laid out by JavaScript's rules:
    /// plain notation for exponents from -7 to 20, otherwise <c>1.5e-7</c> / <c>1e+21</c>. Non-finite numbers are <c>null</c>.
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            return "null";
        }

        if (value == 0)
        {
            return "0";
        }

        var negative = value < 0;
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = roundTrip.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(roundTrip.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            roundTrip = roundTrip[..e];
        }

        var dot = roundTrip.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? roundTrip : roundTrip[..dot];
        var digits = (integerPart + (dot < 0 ? "" : roundTrip[(dot + 1)..])).TrimEnd('0');
        var point = integerPart.Length + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leadingZeros..];
        point -= leadingZeros;

        var k = digits.Length;
        var n = point;
        string body;
        if (k <= n && n <= 21)
        {
            body = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            body = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            body = "0." + new string('0', -n) + digits;
        }
        else
        {
            var shown = n - 1;
            var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
            body = mantissa + "e" + (shown < 0 ? "-" : "+") + Math.Abs(shown).ToString(CultureInfo.InvariantCulture);
        }

        return negative ? "-" + body : body;
    }

    private static void AppendEscape(StringBuilder text, char c)
        => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
