using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Adapters.Redis.Protocol;

/// <summary>Writes RESP command frames (arrays of bulk strings) to a buffer, without doing I/O.</summary>
internal readonly ref struct RespWriter(IBufferWriter<byte> output)
{
    private const int MaxInt64Digits = 20;

    /// <summary>Writes <c>*count\r\n</c>.</summary>
    public void WriteArrayHeader(int count) => WritePrefixed((byte)'*', count);

    /// <summary>Writes a bulk string.</summary>
    public void WriteBulk(ReadOnlySpan<byte> value)
    {
        WritePrefixed((byte)'$', value.Length);
        var span = output.GetSpan(value.Length + 2);
        value.CopyTo(span);
        span[value.Length] = (byte)'\r';
        span[value.Length + 1] = (byte)'\n';
        output.Advance(value.Length + 2);
    }

    /// <summary>Writes a bulk string from several segments.</summary>
    public void WriteBulk(in ReadOnlySequence<byte> value)
    {
        WritePrefixed((byte)'$', value.Length);
        foreach (var segment in value)
        {
            output.Write(segment.Span);
        }

        output.Write("\r\n"u8);
    }

    /// <summary>Writes a string as a UTF-8 bulk string.</summary>
    public void WriteBulk(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WritePrefixed((byte)'$', length);
        var span = output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        output.Advance(length + 2);
    }

    /// <summary>Writes an integer as a bulk string of digits (how Redis expects numeric arguments).</summary>
    public void WriteBulk(long value)
    {
        Span<byte> digits = stackalloc byte[MaxInt64Digits];
        Utf8Formatter.TryFormat(value, digits, out var written);
        WriteBulk(digits[..written]);
    }

    /// <summary>Writes a double as a bulk string Redis parses back exactly (<c>inf</c>/<c>-inf</c> for infinities).</summary>
    public void WriteBulk(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            WriteBulk("+inf"u8);
        }
        else if (double.IsNegativeInfinity(value))
        {
            WriteBulk("-inf"u8);
        }
        else
        {
            Span<byte> text = stackalloc byte[32];
            value.TryFormat(text, out var written, "R", System.Globalization.CultureInfo.InvariantCulture);
            WriteBulk(text[..written]);
        }
    }

    private void WritePrefixed(byte marker, long number)
    {
        var span = output.GetSpan(MaxInt64Digits + 3);
        span[0] = marker;
        Utf8Formatter.TryFormat(number, span[1..], out var written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        output.Advance(written + 3);
    }
}
