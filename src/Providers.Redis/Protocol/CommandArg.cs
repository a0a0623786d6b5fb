using System.Text;

namespace Adapters.Redis.Protocol;

/// <summary>One argument of a command: text (sent as UTF-8), bytes, an integer or a double. Lives on the stack.</summary>
internal readonly struct CommandArg
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly double _double;
    private readonly Kind _kind;

    private CommandArg(Kind kind, string? text = null, ReadOnlyMemory<byte> bytes = default, long integer = 0, double number = 0)
    {
        _kind = kind;
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _double = number;
    }

    private enum Kind : byte
    {
        Text,
        Bytes,
        Integer,
        Double,
    }

    public static implicit operator CommandArg(string text) => new(Kind.Text, text: text ?? throw new ArgumentNullException(nameof(text)));

    public static implicit operator CommandArg(byte[] bytes) => new(Kind.Bytes, bytes: bytes ?? throw new ArgumentNullException(nameof(bytes)));

    public static implicit operator CommandArg(ReadOnlyMemory<byte> bytes) => new(Kind.Bytes, bytes: bytes);

    public static implicit operator CommandArg(long integer) => new(Kind.Integer, integer: integer);

    public static implicit operator CommandArg(int integer) => new(Kind.Integer, integer: integer);

    public static implicit operator CommandArg(double number) => new(Kind.Double, number: number);

    public void WriteTo(RespWriter writer)
    {
        switch (_kind)
        {
            case Kind.Text:
                writer.WriteBulk(_text!);
                break;
            case Kind.Bytes:
                writer.WriteBulk(_bytes.Span);
                break;
            case Kind.Integer:
                writer.WriteBulk(_integer);
                break;
            default:
                writer.WriteBulk(_double);
                break;
        }
    }

    /// <summary>The argument as bytes, for hashing keys to cluster slots.</summary>
    public ReadOnlySpan<byte> AsKeyBytes(Span<byte> scratch, out byte[]? rented)
    {
        rented = null;
        switch (_kind)
        {
            case Kind.Bytes:
                return _bytes.Span;
            case Kind.Text:
                var length = Encoding.UTF8.GetByteCount(_text!);
                var target = length <= scratch.Length ? scratch : (rented = new byte[length]);
                return target[..Encoding.UTF8.GetBytes(_text, target)];
            default:
                throw new InvalidOperationException("Keys are strings or bytes.");
        }
    }

    /// <summary>Exposes a key argument without copying it: its text, or its bytes.</summary>
    public void GetKeyReference(out string? text, out ReadOnlyMemory<byte> bytes)
    {
        text = _kind == Kind.Text ? _text : null;
        bytes = _kind == Kind.Bytes ? _bytes : default;
    }
}
