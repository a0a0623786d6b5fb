using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Adapters.Redis.Protocol;

/// <summary>
/// Reads RESP2/RESP3 values from a buffer without doing I/O. <see cref="TrySkipValue"/> tells whether a complete
/// value (nested children and leading attributes included) is buffered; the typed accessors then read it.
/// Streamed RESP3 strings and aggregates (<c>$?</c>, <c>*?</c>) are refused: Redis never sends them.
/// </summary>
internal ref struct RespReader
{
    private const int MaxLengthLine = 20;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    private SequenceReader<byte> _reader;
    private ReadOnlySequence<byte> _payload;

    public RespReader(ReadOnlySequence<byte> buffer) => _reader = new SequenceReader<byte>(buffer);

    /// <summary>The type of the current value (after <see cref="TryReadNext"/> or <see cref="MoveNext"/>).</summary>
    public RespType Type { get; private set; }

    /// <summary>For aggregates the announced count (pairs for maps and attributes), for strings the byte length; -1 for a RESP2 null.</summary>
    public long Length { get; private set; }

    /// <summary>Whether the current value is a null (<c>_</c>, <c>$-1</c> or <c>*-1</c>).</summary>
    public readonly bool IsNull => Type == RespType.Null || Length < 0;

    public readonly bool IsError => Type.IsError();

    public readonly long Consumed => _reader.Consumed;

    public readonly SequencePosition Position => _reader.Position;

    public readonly bool End => _reader.End;

    /// <summary>The payload of the current scalar (a simple line or a bulk body).</summary>
    public readonly ReadOnlySequence<byte> Payload => _payload;

    /// <summary>Reads the next value header (and a scalar's payload). Returns false, consuming nothing, when more bytes are needed.</summary>
    /// <exception cref="RespProtocolException">The bytes are not valid RESP.</exception>
    public bool TryReadNext()
    {
        var start = _reader;
        if (!_reader.TryRead(out var marker))
        {
            return false;
        }

        var type = (RespType)marker;
        switch (type)
        {
            case RespType.SimpleString or RespType.Error or RespType.Integer or RespType.Null or RespType.Boolean or RespType.Double or RespType.BigNumber:
                if (!_reader.TryReadTo(out ReadOnlySequence<byte> line, Crlf))
                {
                    _reader = start;
                    return false;
                }

                ValidateLine(type, line);
                _payload = line;
                Length = type == RespType.Null ? -1 : line.Length;
                break;

            case RespType.BulkString or RespType.BulkError or RespType.VerbatimString:
                if (!TryReadLength(out var length) || (length >= 0 && _reader.Remaining < length + 2))
                {
                    _reader = start;
                    return false;
                }

                // Only RESP2's $-1 is a null.
                if (length < -1 || (length == -1 && type != RespType.BulkString))
                {
                    throw new RespProtocolException($"Invalid {type} length {length}.");
                }

                _payload = length < 0 ? ReadOnlySequence<byte>.Empty : _reader.UnreadSequence.Slice(0, length);
                if (length >= 0)
                {
                    _reader.Advance(length);
                    ExpectCrlf();
                }

                Length = length;
                break;

            case RespType.Array or RespType.Map or RespType.Set or RespType.Attribute or RespType.Push:
                if (!TryReadLength(out var count))
                {
                    _reader = start;
                    return false;
                }

                if (count < -1 || (count == -1 && type != RespType.Array))
                {
                    throw new RespProtocolException($"Invalid {type} length {count}.");
                }

                _payload = ReadOnlySequence<byte>.Empty;
                Length = count;
                break;

            default:
                throw new RespProtocolException($"Unknown RESP type marker 0x{marker:X2}.");
        }

        Type = type;
        return true;
    }

    /// <summary>Reads the next header, skipping attributes; for use on a value known to be complete.</summary>
    public void MoveNext()
    {
        while (true)
        {
            if (!TryReadNext())
            {
                throw new RespProtocolException("The value ended before its last element.");
            }

            if (Type != RespType.Attribute)
            {
                return;
            }

            // SkipValue overwrites Type and Length, so the count is taken first.
            var children = Length * 2;
            for (var i = 0L; i < children; i++)
            {
                SkipValue();
            }
        }
    }

    /// <summary>
    /// Skips one complete value (children and leading attributes included). Returns false, consuming nothing,
    /// when the buffer does not yet hold all of it.
    /// </summary>
    public bool TrySkipValue()
    {
        var start = _reader;
        var pending = 1L;
        if (TrySkipValues(ref pending))
        {
            return true;
        }

        _reader = start;
        return false;
    }

    /// <summary>
    /// Skips values until <paramref name="pending"/> of them (children count as they are announced) have been read.
    /// On false the reader stands at the first header not yet buffered whole and <paramref name="pending"/> counts what
    /// remains, so a later call over a longer buffer, advanced to the same place, resumes the scan there.
    /// </summary>
    public bool TrySkipValues(ref long pending)
    {
        while (pending > 0)
        {
            if (!TryReadNext())
            {
                return false;
            }

            pending--;
            if (Type.IsAggregate() && Length > 0)
            {
                pending += Length * Type.ChildrenPerCount();
            }

            if (Type == RespType.Attribute)
            {
                pending++; // an attribute decorates the value that follows it
            }
        }

        return true;
    }

    /// <summary>Moves past <paramref name="count"/> bytes already scanned.</summary>
    public void Advance(long count) => _reader.Advance(count);

    /// <summary>Skips the next complete value; for use on a value known to be complete.</summary>
    public void SkipValue()
    {
        if (!TrySkipValue())
        {
            throw new RespProtocolException("The value ended before its last element.");
        }
    }

    /// <summary>Skips the children of the current aggregate header.</summary>
    public void SkipChildren()
    {
        if (Type.IsAggregate() && Length > 0)
        {
            // SkipValue overwrites Type and Length, so the count is taken first.
            var children = Length * Type.ChildrenPerCount();
            for (var i = 0L; i < children; i++)
            {
                SkipValue();
            }
        }
    }

    public readonly byte[] PayloadToArray() => _payload.ToArray();

    public readonly string PayloadToString() => Encoding.UTF8.GetString(_payload);

    /// <summary>Whether the payload equals <paramref name="expected"/> byte for byte.</summary>
    public readonly bool PayloadEquals(ReadOnlySpan<byte> expected)
        => _payload.IsSingleSegment ? _payload.FirstSpan.SequenceEqual(expected) : _payload.Length == expected.Length && _payload.ToArray().AsSpan().SequenceEqual(expected);

    /// <summary>Whether the payload equals <paramref name="expected"/> ignoring ASCII case.</summary>
    public readonly bool PayloadEqualsIgnoreCase(ReadOnlySpan<byte> expected)
        => _payload.Length == expected.Length && Ascii.EqualsIgnoreCase(_payload.IsSingleSegment ? _payload.FirstSpan : _payload.ToArray(), expected);

    /// <summary>The payload as an integer (an integer reply, or a bulk string of digits).</summary>
    public readonly long PayloadToInt64()
    {
        Span<byte> scratch = stackalloc byte[24];
        var digits = Flatten(scratch);
        return Utf8Parser.TryParse(digits, out long value, out var used) && used == digits.Length
            ? value
            : throw new RespProtocolException($"Expected an integer in a {Type} reply.");
    }

    /// <summary>The payload as a double, accepting RESP3's <c>inf</c>, <c>-inf</c> and <c>nan</c>.</summary>
    public readonly double PayloadToDouble()
    {
        Span<byte> scratch = stackalloc byte[64];
        var text = Flatten(scratch);
        if (Ascii.EqualsIgnoreCase(text, "inf"u8) || Ascii.EqualsIgnoreCase(text, "+inf"u8))
        {
            return double.PositiveInfinity;
        }

        if (Ascii.EqualsIgnoreCase(text, "-inf"u8))
        {
            return double.NegativeInfinity;
        }

        if (Ascii.EqualsIgnoreCase(text, "nan"u8))
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RespProtocolException($"Expected a number in a {Type} reply.");
    }

    public readonly bool PayloadToBoolean() => _payload.FirstSpan[0] == (byte)'t';

    public readonly BigInteger PayloadToBigInteger()
        => BigInteger.TryParse(PayloadToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RespProtocolException("Expected a big number.");

    private readonly ReadOnlySpan<byte> Flatten(Span<byte> scratch)
    {
        if (_payload.IsSingleSegment)
        {
            return _payload.FirstSpan;
        }

        if (_payload.Length > scratch.Length)
        {
            throw new RespProtocolException($"A numeric {Type} payload of {_payload.Length} bytes is too long.");
        }

        _payload.CopyTo(scratch);
        return scratch[..(int)_payload.Length];
    }

    private bool TryReadLength(out long length)
    {
        length = 0;
        if (!_reader.TryReadTo(out ReadOnlySequence<byte> line, Crlf))
        {
            // 20 characters and CRLF is the longest valid length line: refuse garbage now rather than buffer it forever.
            if (_reader.Remaining > MaxLengthLine + 1)
            {
                throw new RespProtocolException("Invalid RESP length line.");
            }

            return false;
        }

        Span<byte> scratch = stackalloc byte[24];
        if (line.Length is 0 or > MaxLengthLine)
        {
            throw new RespProtocolException("Invalid RESP length line.");
        }

        line.CopyTo(scratch);
        var text = scratch[..(int)line.Length];
        if (text[0] == (byte)'?')
        {
            throw new RespProtocolException("Streamed RESP3 values are not supported.");
        }

        // Longer strings and aggregates cannot be materialized, and would overflow the counts and offsets computed from them.
        if (!Utf8Parser.TryParse(text, out length, out var used) || used != text.Length || length > int.MaxValue)
        {
            throw new RespProtocolException("Invalid RESP length line.");
        }

        return true;
    }

    private void ExpectCrlf()
    {
        if (!_reader.IsNext(Crlf, advancePast: true))
        {
            throw new RespProtocolException("A bulk payload was not followed by CRLF.");
        }
    }

    private static void ValidateLine(RespType type, ReadOnlySequence<byte> line)
    {
        switch (type)
        {
            case RespType.Null when !line.IsEmpty:
                throw new RespProtocolException("A RESP3 null carries no payload.");
            case RespType.Boolean when line.Length != 1 || (line.FirstSpan[0] != (byte)'t' && line.FirstSpan[0] != (byte)'f'):
                throw new RespProtocolException("A RESP3 boolean is 't' or 'f'.");
            case RespType.Integer or RespType.Double or RespType.BigNumber when line.IsEmpty:
                throw new RespProtocolException($"An empty {type}.");
        }
    }
}
