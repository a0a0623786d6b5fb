using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Adapters.Redis;

/// <summary>A Redis server address: a host name or IP address and a TCP port. Host names compare case-insensitively.</summary>
/// <param name="Host">The host name or IP address; an IPv6 address without brackets (<c>::1</c>).</param>
/// <param name="Port">The TCP port, from 1 to 65535.</param>
public sealed record RedisEndPoint(string Host, int Port)
{
    /// <summary>The port of an endpoint given without one.</summary>
    public const int DefaultPort = 6379;

    /// <summary>The port of an endpoint given without one when TLS is on, as in StackExchange.Redis.</summary>
    public const int DefaultSslPort = 6380;

    private const string ParseFailure =
        "Not a Redis endpoint: expected host, host:port, [IPv6] or [IPv6]:port, with a port from 1 to 65535.";

    private readonly string _host = CheckHost(Host);
    private readonly int _port = CheckPort(Port);

    /// <summary>The host name or IP address; an IPv6 address without brackets (<c>::1</c>).</summary>
    public string Host
    {
        get => _host;
        init => _host = CheckHost(value);
    }

    /// <summary>The TCP port, from 1 to 65535.</summary>
    public int Port
    {
        get => _port;
        init => _port = CheckPort(value);
    }

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>[IPv6]</c>, <c>[IPv6]:port</c> or a bare IPv6 address; the port defaults to 6379.</summary>
    /// <param name="value">The text to parse; surrounding whitespace is ignored.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not an endpoint.</exception>
    public static RedisEndPoint Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var endPoint) ? endPoint : throw new ArgumentException(ParseFailure, nameof(value));
    }

    /// <summary>Parses like <see cref="Parse(string)"/>, returning <see langword="false"/> instead of throwing.</summary>
    /// <param name="value">The text to parse; surrounding whitespace is ignored.</param>
    /// <param name="endPoint">The endpoint, when the text is one.</param>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out RedisEndPoint? endPoint)
    {
        endPoint = null;
        if (value is null || !TryParseParts(value, out var host, out var port))
        {
            return false;
        }

        endPoint = new RedisEndPoint(host, port ?? DefaultPort);
        return true;
    }

    /// <summary>Whether both name the same port and the same host, ignoring the host's case.</summary>
    /// <param name="other">The endpoint to compare with.</param>
    public bool Equals(RedisEndPoint? other) =>
        other is not null && _port == other._port && string.Equals(_host, other._host, StringComparison.OrdinalIgnoreCase);

    /// <summary>A hash code consistent with <see cref="Equals(RedisEndPoint?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(_host), _port);

    /// <summary>The endpoint as a configuration string writes it: <c>host:port</c>, or <c>[IPv6]:port</c>.</summary>
    public override string ToString()
    {
        var port = _port.ToString(CultureInfo.InvariantCulture);
        return _host.Contains(':', StringComparison.Ordinal) ? $"[{_host}]:{port}" : $"{_host}:{port}";
    }

    /// <summary>Splits an endpoint into its host and its port, null when the text gives none.</summary>
    internal static bool TryParseParts(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? host, out int? port)
    {
        host = null;
        port = null;
        text = text.Trim();
        ReadOnlySpan<char> hostPart;
        ReadOnlySpan<char> portPart = default;
        var hasPort = false;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            hostPart = text[1..close];
            var rest = text[(close + 1)..];
            if (!rest.IsEmpty)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                portPart = rest[1..];
                hasPort = true;
            }

            // Brackets exist to set an IPv6 address apart from its port; they hold nothing else.
            if (!IsIPv6(hostPart))
            {
                return false;
            }
        }
        else
        {
            var first = text.IndexOf(':');
            var last = text.LastIndexOf(':');
            if (first >= 0 && first == last)
            {
                hostPart = text[..first];
                portPart = text[(first + 1)..];
                hasPort = true;
            }
            else
            {
                // No colon, or several: a bare IPv6 address cannot carry a port without brackets.
                hostPart = text;
            }
        }

        if (hasPort)
        {
            if (!TryParsePort(portPart, out var parsed))
            {
                return false;
            }

            port = parsed;
        }

        if (!IsValidHost(hostPart))
        {
            return false;
        }

        host = hostPart.ToString();
        return true;
    }

    private static bool TryParsePort(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        if (text.IsEmpty || text.Length > 5)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            port = (port * 10) + (c - '0');
        }

        return port is >= IPEndPoint.MinPort + 1 and <= IPEndPoint.MaxPort;
    }

    private static bool IsIPv6(ReadOnlySpan<char> text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static bool IsValidHost(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        // Host names (internationalized ones included), IPv4 addresses and IPv6 addresses with an optional scope
        // (fe80::1%eth0); this also keeps out what would not survive a configuration string (',', '=', whitespace)
        // and the brackets IPAddress.TryParse would otherwise accept around an IPv6 address.
        var isIPv6 = host.Contains(':');
        foreach (var c in host)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('-' or '.' or '_' or ':' or '%'))
            {
                return false;
            }
        }

        return isIPv6 ? IsIPv6(host) : !host.ContainsAny('%', ':');
    }

    private static string CheckHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host, nameof(Host));
        return IsValidHost(host)
            ? host
            : throw new ArgumentException(
                "Host must be a non-empty host name or IP address, with an IPv6 address given without brackets.",
                nameof(Host));
    }

    private static int CheckPort(int port) =>
        port is > IPEndPoint.MinPort and <= IPEndPoint.MaxPort
            ? port
            : throw new ArgumentOutOfRangeException(nameof(Port), "Port must be from 1 to 65535.");
}
