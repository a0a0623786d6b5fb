using System.Globalization;
using System.Security.Authentication;
using System.Text;

namespace Adapters.Redis;

public sealed partial class RedisOptions
{
    private const string MaskedPassword = "*****";

    /// <summary>The configuration string with the password masked (<c>password=*****</c>); only non-default settings are written.</summary>
    /// <remarks>Never throws: a setting the string format cannot hold is written as well as it can be.</remarks>
    public override string ToString() => Format(includePassword: false);

    /// <summary>The configuration string, with the real password when <paramref name="includePassword"/> is true, so that <see cref="Parse(string)"/> gives equivalent options back.</summary>
    /// <param name="includePassword">Whether to write the password itself rather than <c>*****</c>.</param>
    /// <exception cref="InvalidOperationException">A setting cannot be written so that it parses back (a text with ',' or surrounding whitespace, a timeout that is not whole milliseconds, an out-of-range value); the message names it.</exception>
    public string ToString(bool includePassword)
    {
        CheckWritable(User, nameof(User));
        if (includePassword)
        {
            CheckWritable(Password, nameof(Password));
        }

        CheckWritable(SslHost, nameof(SslHost));
        CheckWritable(ServiceName, nameof(ServiceName));
        CheckWritable(ClientName, nameof(ClientName));

        var text = Format(includePassword);
        if (!TryParseCore(text, requireEndPoints: false, out var parsed, out var error))
        {
            throw new InvalidOperationException($"These options cannot be written as a configuration string: {error}");
        }

        var difference = FirstDifference(parsed, includePassword);
        return difference is null
            ? text
            : throw new InvalidOperationException(
                $"{difference} cannot be written exactly in a configuration string (timeouts are whole milliseconds, "
                + "KeepAlive whole seconds, and endpoints are written once each).");
    }

    private static void CheckWritable(string? value, string name)
    {
        if (value is not null
            && (value.Contains(',', StringComparison.Ordinal) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
        {
            throw new InvalidOperationException(
                $"{name} cannot be written in a configuration string: it contains ',' or begins or ends with whitespace.");
        }
    }

    private string Format(bool includePassword)
    {
        var builder = new StringBuilder();
        foreach (var endPoint in EndPoints)
        {
            if (endPoint is not null)
            {
                Separate(builder).Append(endPoint);
            }
        }

        Append(builder, Keyword.Name, ClientName);
        Append(builder, Keyword.ServiceName, ServiceName);
        if (KeepAlive != DefaultKeepAlive)
        {
            Append(builder, Keyword.KeepAlive, KeepAlive.Ticks / TimeSpan.TicksPerSecond);
        }

        AppendMilliseconds(builder, Keyword.SyncTimeout, SyncTimeout, DefaultTimeout);
        if (_asyncTimeout is { } asyncTimeout)
        {
            Append(builder, Keyword.AsyncTimeout, asyncTimeout.Ticks / TimeSpan.TicksPerMillisecond);
        }

        AppendMilliseconds(builder, Keyword.ConnectTimeout, ConnectTimeout, DefaultTimeout);
        Append(builder, Keyword.User, User);
        Append(builder, Keyword.Password, Password is null || includePassword ? Password : MaskedPassword);
        if (Ssl)
        {
            Append(builder, Keyword.Ssl, "true");
        }

        if (SslProtocols != SslProtocols.None)
        {
            Append(builder, Keyword.SslProtocols, SslProtocols.ToString().Replace(", ", "|", StringComparison.Ordinal));
        }

        if (!CheckCertificateRevocation)
        {
            Append(builder, Keyword.CheckCertificateRevocation, "false");
        }

        Append(builder, Keyword.SslHost, SslHost);
        if (!AbortOnConnectFail)
        {
            Append(builder, Keyword.AbortConnect, "false");
        }

        AppendInteger(builder, Keyword.ConnectRetry, ConnectRetry, DefaultConnectRetry);
        AppendInteger(builder, Keyword.DefaultDatabase, DefaultDatabase, 0);
        if (Protocol != RedisProtocol.Auto)
        {
            Append(builder, Keyword.Protocol, Protocol switch
            {
                RedisProtocol.Resp2 => "resp2",
                RedisProtocol.Resp3 => "resp3",
                _ => ((int)Protocol).ToString(CultureInfo.InvariantCulture),
            });
        }

        AppendInteger(builder, Keyword.PoolSize, PoolSize, 0);
        if (BacklogPolicy != RedisBacklogPolicy.Queue)
        {
            Append(builder, Keyword.Backlog, BacklogPolicy == RedisBacklogPolicy.FailFast
                ? "failFast"
                : ((int)BacklogPolicy).ToString(CultureInfo.InvariantCulture));
        }

        AppendInteger(builder, Keyword.BacklogLimit, BacklogLimit, DefaultBacklogLimit);
        AppendMilliseconds(builder, Keyword.ReconnectMinDelay, ReconnectMinDelay, DefaultReconnectMinDelay);
        AppendMilliseconds(builder, Keyword.ReconnectMaxDelay, ReconnectMaxDelay, DefaultReconnectMaxDelay);
        foreach (var keyword in Enum.GetValues<Keyword>())
        {
            // Compatibility settings are written even when empty: "tiebreaker=" means something to StackExchange.Redis.
            if (_compatibility.TryGetValue(NameOf(keyword), out var value))
            {
                Separate(builder).Append(NameOf(keyword)).Append('=').Append(value);
            }
        }

        return builder.ToString();
    }

    /// <summary>The first property whose value differs from <paramref name="other"/>'s, among those a configuration string holds.</summary>
    private string? FirstDifference(RedisOptions other, bool includePassword)
    {
        var passwordDiffers = includePassword
            ? !string.Equals(Password, other.Password, StringComparison.Ordinal)
            : (Password is null) != (other.Password is null);
        return !EndPoints.SequenceEqual(other.EndPoints) ? nameof(EndPoints)
            : !string.Equals(User, other.User, StringComparison.Ordinal) ? nameof(User)
            : passwordDiffers ? nameof(Password)
            : Ssl != other.Ssl ? nameof(Ssl)
            : !string.Equals(SslHost, other.SslHost, StringComparison.Ordinal) ? nameof(SslHost)
            : SslProtocols != other.SslProtocols ? nameof(SslProtocols)
            : CheckCertificateRevocation != other.CheckCertificateRevocation ? nameof(CheckCertificateRevocation)
            : DefaultDatabase != other.DefaultDatabase ? nameof(DefaultDatabase)
            : ConnectTimeout != other.ConnectTimeout ? nameof(ConnectTimeout)
            : SyncTimeout != other.SyncTimeout ? nameof(SyncTimeout)
            : _asyncTimeout != other._asyncTimeout ? nameof(AsyncTimeout)
            : !string.Equals(ServiceName, other.ServiceName, StringComparison.Ordinal) ? nameof(ServiceName)
            : !string.Equals(ClientName, other.ClientName, StringComparison.Ordinal) ? nameof(ClientName)
            : AbortOnConnectFail != other.AbortOnConnectFail ? nameof(AbortOnConnectFail)
            : KeepAlive != other.KeepAlive ? nameof(KeepAlive)
            : ConnectRetry != other.ConnectRetry ? nameof(ConnectRetry)
            : Protocol != other.Protocol ? nameof(Protocol)
            : PoolSize != other.PoolSize ? nameof(PoolSize)
            : BacklogPolicy != other.BacklogPolicy ? nameof(BacklogPolicy)
            : BacklogLimit != other.BacklogLimit ? nameof(BacklogLimit)
            : ReconnectMinDelay != other.ReconnectMinDelay ? nameof(ReconnectMinDelay)
            : ReconnectMaxDelay != other.ReconnectMaxDelay ? nameof(ReconnectMaxDelay)
            : !CompatibilityEquals(other) ? nameof(CompatibilitySettings)
            : null;
    }

    private bool CompatibilityEquals(RedisOptions other) =>
        _compatibility.Count == other._compatibility.Count
        && _compatibility.All(pair => other._compatibility.TryGetValue(pair.Key, out var value)
            && string.Equals(pair.Value, value, StringComparison.Ordinal));

    private static StringBuilder Separate(StringBuilder builder) => builder.Length == 0 ? builder : builder.Append(',');

    private static void Append(StringBuilder builder, Keyword keyword, string? value)
    {
        if (value is not null)
        {
            Separate(builder).Append(NameOf(keyword)).Append('=').Append(value);
        }
    }

    private static void Append(StringBuilder builder, Keyword keyword, long value) =>
        Append(builder, keyword, value.ToString(CultureInfo.InvariantCulture));

    private static void AppendInteger(StringBuilder builder, Keyword keyword, int value, int defaultValue)
    {
        if (value != defaultValue)
        {
            Append(builder, keyword, value);
        }
    }

    private static void AppendMilliseconds(StringBuilder builder, Keyword keyword, TimeSpan value, TimeSpan defaultValue)
    {
        if (value != defaultValue)
        {
            Append(builder, keyword, value.Ticks / TimeSpan.TicksPerMillisecond);
        }
    }
}
