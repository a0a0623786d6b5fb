using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Authentication;

namespace Adapters.Redis;

public sealed partial class RedisOptions
{
    private const string ExpectedBoolean = "true or false";
    private const string ExpectedMilliseconds = "a whole number of milliseconds from 1 to 2147483647";

    /// <summary>Parses a StackExchange.Redis-style configuration string, such as <c>redis1:6379,redis2,ssl=true,password=…</c>.</summary>
    /// <param name="configuration">Comma-separated endpoints and <c>keyword=value</c> settings; keywords ignore case.</param>
    /// <exception cref="ArgumentException">The string is empty, names no endpoint, or holds a keyword that is unknown, unsupported or has an invalid value; the message names it and never holds a value.</exception>
    public static RedisOptions Parse(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return TryParseCore(configuration, requireEndPoints: true, out var options, out var error)
            ? options
            : throw new ArgumentException(error, nameof(configuration));
    }

    /// <summary>Parses like <see cref="Parse(string)"/>, returning <see langword="false"/> instead of throwing.</summary>
    /// <param name="configuration">Comma-separated endpoints and <c>keyword=value</c> settings; keywords ignore case.</param>
    /// <param name="options">The options, when the string is valid.</param>
    public static bool TryParse([NotNullWhen(true)] string? configuration, [NotNullWhen(true)] out RedisOptions? options)
    {
        options = null;
        return configuration is not null && TryParseCore(configuration, requireEndPoints: true, out options, out _);
    }

    private static bool TryParseCore(
        string configuration,
        bool requireEndPoints,
        [NotNullWhen(true)] out RedisOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        options = null;
        if (requireEndPoints && string.IsNullOrWhiteSpace(configuration))
        {
            error = "The Redis configuration is empty.";
            return false;
        }

        var parsed = new RedisOptions();
        var endPoints = new List<(string Host, int? Port)>();

        // A password cannot hold ',': what follows its first ',' reaches us as separate items, which must not be
        // echoed in a message. Endpoint items keep the suspicion alive (a password fragment can look like a host).
        var afterPassword = false;
        var items = configuration.Split(',');
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i].AsSpan().Trim();
            if (item.IsEmpty)
            {
                continue;
            }

            var position = i + 1;
            var equals = item.IndexOf('=');
            if (equals < 0)
            {
                if (!RedisEndPoint.TryParseParts(item, out var host, out var port))
                {
                    error = InvalidEndPoint(position, item[0] == '!', afterPassword);
                    return false;
                }

                endPoints.Add((host, port));
                continue;
            }

            var key = item[..equals].Trim().ToString();
            if (key.Length == 0)
            {
                error = $"Item {position} of the Redis configuration has a value but no keyword.";
                return false;
            }

            if (!Keywords.TryGetValue(key, out var keyword))
            {
                error = UnknownKeyword(key, position, afterPassword);
                return false;
            }

            error = parsed.Apply(keyword, item[(equals + 1)..].Trim().ToString());
            if (error is not null)
            {
                return false;
            }

            afterPassword = keyword == Keyword.Password;
        }

        // As in StackExchange.Redis, ssl=true moves port-less endpoints to 6380 wherever it stands in the string.
        var defaultPort = parsed.Ssl ? RedisEndPoint.DefaultSslPort : RedisEndPoint.DefaultPort;
        foreach (var (host, port) in endPoints)
        {
            var endPoint = new RedisEndPoint(host, port ?? defaultPort);
            if (!parsed.EndPoints.Contains(endPoint))
            {
                parsed.EndPoints.Add(endPoint);
            }
        }

        if (requireEndPoints && parsed.EndPoints.Count == 0)
        {
            error = "The Redis configuration names no endpoint: add host or host:port.";
            return false;
        }

        if (parsed.ReconnectMinDelay > parsed.ReconnectMaxDelay)
        {
            error = "'reconnectMinDelay' must not exceed 'reconnectMaxDelay' (10000 ms unless set) in the Redis configuration.";
            return false;
        }

        options = parsed;
        error = null;
        return true;
    }

    /// <summary>Applies one setting; returns the error message when the value is invalid, else null.</summary>
    private string? Apply(Keyword keyword, string value)
    {
        var name = NameOf(keyword);
        if (keyword is Keyword.ChannelPrefix or Keyword.Proxy or Keyword.Tunnel)
        {
            return $"Keyword '{name}' is not supported by Adapters.";
        }

        var expected = keyword switch
        {
            Keyword.Name => IsValidClientName(value) ? SetText(() => ClientName = value) : "printable ASCII characters without spaces",
            Keyword.ServiceName => SetText(() => ServiceName = value),
            Keyword.User => SetText(() => User = value),
            Keyword.Password => SetText(() => Password = value),
            Keyword.SslHost => SetText(() => SslHost = value),
            Keyword.KeepAlive => SetKeepAlive(value),
            Keyword.SyncTimeout => SetMilliseconds(value, v => SyncTimeout = v),
            Keyword.AsyncTimeout => SetMilliseconds(value, v => AsyncTimeout = v),
            Keyword.ConnectTimeout => SetMilliseconds(value, v => ConnectTimeout = v),
            Keyword.ReconnectMinDelay => SetMilliseconds(value, v => ReconnectMinDelay = v),
            Keyword.ReconnectMaxDelay => SetMilliseconds(value, v => ReconnectMaxDelay = v),
            Keyword.Ssl => SetBoolean(value, v => Ssl = v),
            Keyword.CheckCertificateRevocation => SetBoolean(value, v => CheckCertificateRevocation = v),
            Keyword.AbortConnect => SetBoolean(value, v => AbortOnConnectFail = v),
            Keyword.SslProtocols => SetSslProtocols(value),
            Keyword.ConnectRetry => SetInteger(value, 0, v => ConnectRetry = v),
            Keyword.DefaultDatabase => SetInteger(value, 0, v => DefaultDatabase = v),
            Keyword.PoolSize => SetInteger(value, 0, v => PoolSize = v),
            Keyword.BacklogLimit => SetInteger(value, 1, v => BacklogLimit = v),
            Keyword.Protocol => SetProtocol(value),
            Keyword.Backlog => SetBacklog(value),
            Keyword.AllowAdmin or Keyword.ResolveDns or Keyword.SetLib or Keyword.HighIntegrity or Keyword.PreserveAsyncOrder or Keyword.HighPriorityThreads =>
                SetBoolean(value, v => _compatibility[name] = v ? "true" : "false"),
            Keyword.ConfigCheckSeconds or Keyword.ResponseTimeout or Keyword.WriteBuffer =>
                SetInteger(value, int.MinValue, v => _compatibility[name] = v.ToString(CultureInfo.InvariantCulture)),
            Keyword.Version => SetVersion(value, name),
            Keyword.ConfigChannel or Keyword.TieBreaker => SetText(() => _compatibility[name] = value),
            _ => throw new ArgumentOutOfRangeException(nameof(keyword)),
        };
        return expected is null ? null : $"Invalid value for '{name}': expected {expected}.";
    }

    private static string? SetText(Action set)
    {
        set();
        return null;
    }

    private static string? SetBoolean(string value, Action<bool> set)
    {
        if (!TryParseBoolean(value, out var parsed))
        {
            return ExpectedBoolean;
        }

        set(parsed);
        return null;
    }

    private static string? SetInteger(string value, int min, Action<int> set)
    {
        if (!TryParseInteger(value, out var parsed) || parsed < min)
        {
            return min == int.MinValue ? "a whole number" : $"a whole number from {min} to 2147483647";
        }

        set(parsed);
        return null;
    }

    private static string? SetMilliseconds(string value, Action<TimeSpan> set)
    {
        if (!TryParseInteger(value, out var parsed) || parsed < 1)
        {
            return ExpectedMilliseconds;
        }

        set(TimeSpan.FromMilliseconds(parsed));
        return null;
    }

    private string? SetKeepAlive(string value)
    {
        if (!TryParseInteger(value, out var seconds) || seconds < -1)
        {
            return "a whole number of seconds from 0 (never) to 2147483647, or -1 for the default";
        }

        // As in StackExchange.Redis, -1 means the default (60 seconds) and 0 turns the pings off.
        KeepAlive = seconds == -1 ? DefaultKeepAlive : TimeSpan.FromSeconds(seconds);
        return null;
    }

    private string? SetSslProtocols(string value)
    {
        // Flags are written with '|' because ',' separates the items of the string.
        var protocols = SslProtocols.None;
        foreach (var part in value.Split('|', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0 || !char.IsAsciiLetter(part[0])
                || !Enum.TryParse<SslProtocols>(part, ignoreCase: true, out var protocol) || !Enum.IsDefined(protocol))
            {
                return "TLS protocol names separated by '|', such as Tls12|Tls13";
            }

            protocols |= protocol;
        }

        SslProtocols = protocols;
        return null;
    }

    private string? SetProtocol(string value)
    {
        // "2" and "3" are accepted as StackExchange.Redis accepts them.
        RedisProtocol? protocol = value.ToUpperInvariant() switch
        {
            "AUTO" => RedisProtocol.Auto,
            "RESP2" or "2" => RedisProtocol.Resp2,
            "RESP3" or "3" => RedisProtocol.Resp3,
            _ => null,
        };
        if (protocol is not { } parsed)
        {
            return "resp2, resp3 or auto";
        }

        Protocol = parsed;
        return null;
    }

    private string? SetBacklog(string value)
    {
        if (value.Equals("queue", StringComparison.OrdinalIgnoreCase))
        {
            BacklogPolicy = RedisBacklogPolicy.Queue;
        }
        else if (value.Equals("failFast", StringComparison.OrdinalIgnoreCase))
        {
            BacklogPolicy = RedisBacklogPolicy.FailFast;
        }
        else
        {
            return "queue or failFast";
        }

        return null;
    }

    private string? SetVersion(string value, string name)
    {
        // StackExchange.Redis also takes a bare major version ("7" is 7.0).
        var version = Version.TryParse(value, out var full) ? full
            : TryParseInteger(value, out var major) && major >= 0 ? new Version(major, 0)
            : null;
        if (version is null)
        {
            return "a server version such as 7.2";
        }

        _compatibility[name] = version.ToString();
        return null;
    }

    private static bool TryParseInteger(string value, out int result) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    private static bool TryParseBoolean(string value, out bool result)
    {
        // StackExchange.Redis also reads 1/0, yes/no and on/off; they are accepted for drop-in compatibility.
        if (bool.TryParse(value, out result))
        {
            return true;
        }

        switch (value.ToUpperInvariant())
        {
            case "1" or "YES" or "ON":
                result = true;
                return true;
            case "0" or "NO" or "OFF":
                result = false;
                return true;
            default:
                return false;
        }
    }

    private static string UnknownKeyword(string key, int position, bool afterPassword)
    {
        if (afterPassword)
        {
            return $"Unknown keyword in item {position} of the Redis configuration, after 'password'. It is not repeated "
                + "here in case it is the rest of a password containing ',', which a configuration string cannot hold: "
                + "set RedisOptions.Password in code instead.";
        }

        return key[0] == '$'
            ? $"Command renames ('{key}') are not supported by Adapters."
            : $"Unknown keyword '{key}' in the Redis configuration.";
    }

    private static string InvalidEndPoint(int position, bool unixSocket, bool afterPassword)
    {
        if (unixSocket)
        {
            return $"Item {position} of the Redis configuration is a Unix domain socket ('!path'), which is not supported by Adapters.";
        }

        var message = $"Invalid endpoint in item {position} of the Redis configuration: expected host, host:port, "
            + "[IPv6] or [IPv6]:port, with a port from 1 to 65535.";
        return afterPassword
            ? message + " It follows 'password': a password containing ',' cannot be written in a configuration "
                + "string; set RedisOptions.Password in code instead."
            : message;
    }
}
