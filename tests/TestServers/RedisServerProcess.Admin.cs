using System.Globalization;

namespace Adapters.TestServers;

public sealed partial class RedisServerProcess
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends one command over a fresh raw RESP connection; error replies are returned, not thrown.</summary>
    internal async Task<RespReply> CommandAsync(params object[] arguments)
    {
        using var cts = new CancellationTokenSource(CommandTimeout);
        try
        {
            await using var connection = await RespConnection.ConnectAsync(Host, Port, _spec?.Tls?.CreateClientOptions(), cts.Token).ConfigureAwait(false);
            return await connection.SendAsync(arguments, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"{arguments[0]} on {EndPoint} got no reply within {CommandTimeout.TotalSeconds:0} s.", ex);
        }
    }

    /// <summary>Like <see cref="CommandAsync"/>, but an error reply throws.</summary>
    internal async Task<RespReply> ExecuteAsync(params object[] arguments)
    {
        var reply = await CommandAsync(arguments).ConfigureAwait(false);
        if (reply.IsError)
        {
            throw new InvalidOperationException($"{arguments[0]} on {EndPoint} failed: {reply.Text}");
        }

        return reply;
    }

    /// <summary>INFO (or CLUSTER INFO) as field/value pairs.</summary>
    internal async Task<IReadOnlyDictionary<string, string>> InfoAsync(params string[] command)
    {
        var reply = await ExecuteAsync(command.Length == 0 ? ["INFO"] : command).ConfigureAwait(false);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in reply.Text.Split('\n'))
        {
            var separator = line.IndexOf(':', StringComparison.Ordinal);
            if (separator > 0 && !line.StartsWith('#'))
            {
                fields[line[..separator]] = line[(separator + 1)..].TrimEnd('\r');
            }
        }

        return fields;
    }

    /// <summary>Null once this server is a replica whose link to its master is up, otherwise what it reports.</summary>
    internal async Task<string?> ReplicaLinkPendingAsync()
    {
        var info = await InfoAsync("INFO", "replication").ConfigureAwait(false);
        var role = info.GetValueOrDefault("role");
        var link = info.GetValueOrDefault("master_link_status");
        return role == "slave" && link == "up" ? null : string.Create(CultureInfo.InvariantCulture, $"{EndPoint} role={role} master_link_status={link}");
    }
}
