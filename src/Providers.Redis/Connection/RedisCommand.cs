using System.Collections.Concurrent;
using System.Text;

namespace Adapters.Redis.Connection;

/// <summary>
/// A command name with its RESP bulk encoding cached. Names identify commands in errors, logs and metrics;
/// arguments never do.
/// </summary>
internal sealed class RedisCommand
{
    private static readonly ConcurrentDictionary<string, RedisCommand> Known = new(StringComparer.Ordinal);

    private RedisCommand(string name)
    {
        Name = name;
        var bytes = Encoding.ASCII.GetBytes(name);
        EncodedName = Encoding.ASCII.GetBytes($"${bytes.Length}\r\n{name}\r\n");
    }

    /// <summary>The name as sent (upper case), e.g. <c>GET</c>.</summary>
    public string Name { get; }

    /// <summary><c>$len\r\nNAME\r\n</c>.</summary>
    public byte[] EncodedName { get; }

    public static RedisCommand Of(string name) => Known.GetOrAdd(name, static n => new RedisCommand(n));

    public override string ToString() => Name;
}
