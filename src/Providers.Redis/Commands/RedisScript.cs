using System.Security.Cryptography;
using System.Text;

namespace Adapters.Redis.Commands;

/// <summary>
/// A Lua script run with EVALSHA by its SHA1, loaded with SCRIPT LOAD when a server does not know it (NOSCRIPT).
/// Arguments always travel as KEYS/ARGV: they are never interpolated into the source.
/// </summary>
internal sealed class RedisScript
{
    public RedisScript(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Source = source;
#pragma warning disable CA5350 // SHA1 is what Redis names scripts by; it is an identifier here, not a security measure.
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
#pragma warning restore CA5350
    }

    public string Source { get; }

    /// <summary>The lowercase hex SHA1 EVALSHA takes.</summary>
    public string Sha1 { get; }
}
