namespace Adapters.Redis;

public sealed partial class RedisOptions
{
    private static readonly Dictionary<string, Keyword> Keywords =
        Enum.GetValues<Keyword>().ToDictionary(NameOf, StringComparer.OrdinalIgnoreCase);

    /// <summary>The keywords of a configuration string, in the order <see cref="ToString(bool)"/> writes them.</summary>
    private enum Keyword
    {
        Name,
        ServiceName,
        KeepAlive,
        SyncTimeout,
        AsyncTimeout,
        ConnectTimeout,
        User,
        Password,
        Ssl,
        SslProtocols,
        CheckCertificateRevocation,
        SslHost,
        AbortConnect,
        ConnectRetry,
        DefaultDatabase,
        Protocol,
        PoolSize,
        Backlog,
        BacklogLimit,
        ReconnectMinDelay,
        ReconnectMaxDelay,

        // StackExchange.Redis settings kept for compatibility, with no effect here.
        AllowAdmin,
        ConfigChannel,
        ConfigCheckSeconds,
        ResolveDns,
        TieBreaker,
        Version,
        SetLib,
        HighIntegrity,
        ResponseTimeout,
        WriteBuffer,
        PreserveAsyncOrder,
        HighPriorityThreads,

        // StackExchange.Redis settings whose behaviour Adapters does not offer.
        ChannelPrefix,
        Proxy,
        Tunnel,
    }

    private static string NameOf(Keyword keyword) => keyword switch
    {
        Keyword.Name => "name",
        Keyword.ServiceName => "serviceName",
        Keyword.KeepAlive => "keepAlive",
        Keyword.SyncTimeout => "syncTimeout",
        Keyword.AsyncTimeout => "asyncTimeout",
        Keyword.ConnectTimeout => "connectTimeout",
        Keyword.User => "user",
        Keyword.Password => "password",
        Keyword.Ssl => "ssl",
        Keyword.SslProtocols => "sslProtocols",
        Keyword.CheckCertificateRevocation => "checkCertificateRevocation",
        Keyword.SslHost => "sslHost",
        Keyword.AbortConnect => "abortConnect",
        Keyword.ConnectRetry => "connectRetry",
        Keyword.DefaultDatabase => "defaultDatabase",
        Keyword.Protocol => "protocol",
        Keyword.PoolSize => "poolSize",
        Keyword.Backlog => "backlog",
        Keyword.BacklogLimit => "backlogLimit",
        Keyword.ReconnectMinDelay => "reconnectMinDelay",
        Keyword.ReconnectMaxDelay => "reconnectMaxDelay",
        Keyword.AllowAdmin => "allowAdmin",
        Keyword.ConfigChannel => "configChannel",
        Keyword.ConfigCheckSeconds => "configCheckSeconds",
        Keyword.ResolveDns => "resolveDns",
        Keyword.TieBreaker => "tiebreaker",
        Keyword.Version => "version",
        Keyword.SetLib => "setlib",
        Keyword.HighIntegrity => "highIntegrity",
        Keyword.ResponseTimeout => "responseTimeout",
        Keyword.WriteBuffer => "writeBuffer",
        Keyword.PreserveAsyncOrder => "preserveAsyncOrder",
        Keyword.HighPriorityThreads => "highPriorityThreads",
        Keyword.ChannelPrefix => "channelPrefix",
        Keyword.Proxy => "proxy",
        Keyword.Tunnel => "tunnel",
        _ => throw new ArgumentOutOfRangeException(nameof(keyword)),
    };
}
