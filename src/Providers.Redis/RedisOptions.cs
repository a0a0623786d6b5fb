using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Adapters.Redis;

/// <summary>
/// How to reach and talk to Redis, written in code or parsed from a StackExchange.Redis-style configuration string
/// (<c>host:port,password=…,ssl=true,defaultDatabase=2,abortConnect=false</c>) by <see cref="Parse(string)"/>.
/// </summary>
/// <remarks>
/// The StackExchange.Redis keywords <c>allowAdmin</c>, <c>configChannel</c>, <c>configCheckSeconds</c>,
/// <c>resolveDns</c>, <c>tiebreaker</c>, <c>version</c>, <c>setlib</c>, <c>highIntegrity</c> and the obsolete <c>responseTimeout</c>, <c>writeBuffer</c>, <c>preserveAsyncOrder</c>, <c>highPriorityThreads</c> are accepted for
/// compatibility, no effect: they are kept in <see cref="CompatibilitySettings"/> and written back by
/// <see cref="ToString(bool)"/>. <c>channelPrefix</c>, <c>proxy</c>, <c>tunnel</c> and command renames
/// (<c>$COMMAND=</c>) are rejected. <see cref="CertificateValidation"/> and <see cref="ClientCertificates"/> exist in
/// code only.
/// </remarks>
public sealed partial class RedisOptions
{
    private const int MaxTimeoutMilliseconds = int.MaxValue;
    private const int DefaultConnectRetry = 3;
    private const int DefaultBacklogLimit = 10_000;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DefaultKeepAlive = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultReconnectMinDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DefaultReconnectMaxDelay = TimeSpan.FromSeconds(10);
    private static readonly SslProtocols AllSslProtocols =
        Enum.GetValues<SslProtocols>().Aggregate(SslProtocols.None, (all, protocol) => all | protocol);

    private readonly Dictionary<string, string> _compatibility = new(StringComparer.OrdinalIgnoreCase);
    private string? _user;
    private string? _password;
    private string? _sslHost;
    private string? _serviceName;
    private string? _clientName;
    private TimeSpan? _asyncTimeout;

    /// <summary>The servers to connect to (sentinels when <see cref="ServiceName"/> is set); at least one is required.</summary>
    public IList<RedisEndPoint> EndPoints { get; } = new List<RedisEndPoint>();

    /// <summary>The ACL user name (keyword <c>user</c>); null authenticates as the default user. Empty means null.</summary>
    public string? User
    {
        get => _user;
        set => _user = NullIfEmpty(value);
    }

    /// <summary>The password (keyword <c>password</c>); null sends none. Never written by <see cref="ToString()"/>. Empty means null.</summary>
    public string? Password
    {
        get => _password;
        set => _password = NullIfEmpty(value);
    }

    /// <summary>Whether connections use TLS (keyword <c>ssl</c>); endpoints parsed without a port then default to 6380.</summary>
    public bool Ssl { get; set; }

    /// <summary>The host name the server certificate must match (keyword <c>sslHost</c>); null uses the endpoint's host.</summary>
    public string? SslHost
    {
        get => _sslHost;
        set => _sslHost = NullIfEmpty(value);
    }

    /// <summary>The TLS versions allowed (keyword <c>sslProtocols</c>, e.g. <c>Tls12|Tls13</c>); None lets the OS choose.</summary>
    public SslProtocols SslProtocols { get; set; } = SslProtocols.None;

    /// <summary>Whether the server certificate's revocation is checked (keyword <c>checkCertificateRevocation</c>).</summary>
    public bool CheckCertificateRevocation { get; set; } = true;

    /// <summary>Validates the server certificate instead of the default checks; code only, never in the string.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; set; }

    /// <summary>Certificates offered to servers that ask for client authentication; code only, never in the string.</summary>
    public X509CertificateCollection ClientCertificates { get; } = [];

    /// <summary>The database selected on every connection (keyword <c>defaultDatabase</c>); 0 by default.</summary>
    public int DefaultDatabase { get; set; }

    /// <summary>How long one connect attempt may take (keyword <c>connectTimeout</c>, milliseconds); 5 s by default.</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultTimeout;

    /// <summary>How long a blocking call waits for its reply (keyword <c>syncTimeout</c>, milliseconds); 5 s by default.</summary>
    public TimeSpan SyncTimeout { get; set; } = DefaultTimeout;

    /// <summary>How long an asynchronous command waits for its reply (keyword <c>asyncTimeout</c>, milliseconds); <see cref="SyncTimeout"/> unless set.</summary>
    public TimeSpan AsyncTimeout
    {
        get => _asyncTimeout ?? SyncTimeout;
        set => _asyncTimeout = value;
    }

    /// <summary>The sentinel service whose primary to use (keyword <c>serviceName</c>); null connects to the endpoints directly.</summary>
    public string? ServiceName
    {
        get => _serviceName;
        set => _serviceName = NullIfEmpty(value);
    }

    /// <summary>The name connections give themselves with <c>CLIENT SETNAME</c> (keyword <c>name</c>); no spaces. Empty means null.</summary>
    public string? ClientName
    {
        get => _clientName;
        set => _clientName = NullIfEmpty(value);
    }

    /// <summary>Whether startup fails when no server can be reached (keyword <c>abortConnect</c>); otherwise it keeps retrying.</summary>
    public bool AbortOnConnectFail { get; set; } = true;

    /// <summary>How often an idle connection is pinged (keyword <c>keepAlive</c>, in seconds); 60 s by default, zero for never.</summary>
    public TimeSpan KeepAlive { get; set; } = DefaultKeepAlive;

    /// <summary>How many connect attempts are made at startup (keyword <c>connectRetry</c>); 3 by default.</summary>
    public int ConnectRetry { get; set; } = DefaultConnectRetry;

    /// <summary>The protocol version (keyword <c>protocol</c>: <c>resp2</c>, <c>resp3</c> or <c>auto</c>).</summary>
    public RedisProtocol Protocol { get; set; } = RedisProtocol.Auto;

    /// <summary>How many multiplexed connections to open (keyword <c>poolSize</c>); 0 chooses <see cref="EffectivePoolSize"/>.</summary>
    public int PoolSize { get; set; }

    /// <summary>What happens to commands while reconnecting (keyword <c>backlog</c>: <c>queue</c> or <c>failFast</c>).</summary>
    public RedisBacklogPolicy BacklogPolicy { get; set; } = RedisBacklogPolicy.Queue;

    /// <summary>The most commands queued while reconnecting (keyword <c>backlogLimit</c>); 10,000 by default.</summary>
    public int BacklogLimit { get; set; } = DefaultBacklogLimit;

    /// <summary>The first delay before reconnecting (keyword <c>reconnectMinDelay</c>, milliseconds); 100 ms by default.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = DefaultReconnectMinDelay;

    /// <summary>The longest delay between reconnect attempts (keyword <c>reconnectMaxDelay</c>, milliseconds); 10 s by default.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = DefaultReconnectMaxDelay;

    /// <summary>The StackExchange.Redis settings accepted for compatibility with no effect, by keyword, as they are written back.</summary>
    public IReadOnlyDictionary<string, string> CompatibilitySettings => _compatibility.AsReadOnly();

    /// <summary>The pool size in use: <see cref="PoolSize"/>, or the processor count clamped to 2..8 when it is 0.</summary>
    public int EffectivePoolSize => PoolSize > 0 ? PoolSize : Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>A copy sharing no collection with this instance (the callback and the certificates themselves are shared).</summary>
    public RedisOptions Clone()
    {
        var copy = new RedisOptions
        {
            _user = _user,
            _password = _password,
            Ssl = Ssl,
            _sslHost = _sslHost,
            SslProtocols = SslProtocols,
            CheckCertificateRevocation = CheckCertificateRevocation,
            CertificateValidation = CertificateValidation,
            DefaultDatabase = DefaultDatabase,
            ConnectTimeout = ConnectTimeout,
            SyncTimeout = SyncTimeout,
            _asyncTimeout = _asyncTimeout,
            _serviceName = _serviceName,
            _clientName = _clientName,
            AbortOnConnectFail = AbortOnConnectFail,
            KeepAlive = KeepAlive,
            ConnectRetry = ConnectRetry,
            Protocol = Protocol,
            PoolSize = PoolSize,
            BacklogPolicy = BacklogPolicy,
            BacklogLimit = BacklogLimit,
            ReconnectMinDelay = ReconnectMinDelay,
            ReconnectMaxDelay = ReconnectMaxDelay,
        };
        foreach (var endPoint in EndPoints)
        {
            copy.EndPoints.Add(endPoint);
        }

        copy.ClientCertificates.AddRange(ClientCertificates);
        foreach (var (keyword, value) in _compatibility)
        {
            copy._compatibility[keyword] = value;
        }

        return copy;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property that cannot work.</summary>
    /// <exception cref="ArgumentException">A property is out of range or inconsistent with another.</exception>
    public void Validate()
    {
        if (EndPoints.Count == 0)
        {
            throw new ArgumentException("At least one endpoint is required.", nameof(EndPoints));
        }

        if (EndPoints.Any(e => e is null))
        {
            throw new ArgumentException("EndPoints must not contain null.", nameof(EndPoints));
        }

        if (SslProtocols != (SslProtocols & AllSslProtocols))
        {
            throw new ArgumentOutOfRangeException(nameof(SslProtocols), "SslProtocols must combine defined SslProtocols flags.");
        }

        if (ClientName is { } name && !IsValidClientName(name))
        {
            throw new ArgumentException("ClientName may hold printable ASCII characters only, without spaces.", nameof(ClientName));
        }

        CheckNotNegative(DefaultDatabase, nameof(DefaultDatabase));
        CheckMilliseconds(ConnectTimeout, nameof(ConnectTimeout));
        CheckMilliseconds(SyncTimeout, nameof(SyncTimeout));
        CheckMilliseconds(AsyncTimeout, nameof(AsyncTimeout));
        if (KeepAlive < TimeSpan.Zero || KeepAlive.TotalSeconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAlive), "KeepAlive must not be negative nor above 2147483647 seconds.");
        }

        CheckNotNegative(ConnectRetry, nameof(ConnectRetry));
        if (!Enum.IsDefined(Protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(Protocol), "Protocol must be Auto, Resp2 or Resp3.");
        }

        CheckNotNegative(PoolSize, nameof(PoolSize));
        if (!Enum.IsDefined(BacklogPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(BacklogPolicy), "BacklogPolicy must be Queue or FailFast.");
        }

        if (BacklogLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BacklogLimit), "BacklogLimit must be at least 1.");
        }

        CheckMilliseconds(ReconnectMinDelay, nameof(ReconnectMinDelay));
        CheckMilliseconds(ReconnectMaxDelay, nameof(ReconnectMaxDelay));
        if (ReconnectMinDelay > ReconnectMaxDelay)
        {
            throw new ArgumentException("ReconnectMinDelay must not exceed ReconnectMaxDelay.", nameof(ReconnectMinDelay));
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Redis refuses CLIENT SETNAME with spaces, newlines or anything but printable ASCII.
    private static bool IsValidClientName(string name) => !name.Any(c => c is <= ' ' or > '~');

    private static void CheckNotNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must not be negative.");
        }
    }

    private static void CheckMilliseconds(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > MaxTimeoutMilliseconds)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be positive and at most 2147483647 milliseconds.");
        }
    }
}
