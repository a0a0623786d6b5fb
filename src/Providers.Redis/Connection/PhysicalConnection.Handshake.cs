using Adapters.Redis.Protocol;

using Adapters.Redis.Commands;

namespace Adapters.Redis.Connection;

/// <summary>
/// The handshake: <c>HELLO 3</c> (credentials and client name included) when the server has it, falling back to
/// RESP2 with <c>AUTH</c> and <c>CLIENT SETNAME</c> on servers before 6.0; then <c>SELECT</c>.
/// </summary>
internal sealed partial class PhysicalConnection
{
    private static readonly RedisCommand Hello = RedisCommand.Of("HELLO");
    private static readonly RedisCommand Auth = RedisCommand.Of("AUTH");
    private static readonly RedisCommand Client = RedisCommand.Of("CLIENT");
    private static readonly RedisCommand Select = RedisCommand.Of("SELECT");
    private static readonly RedisCommand Info = RedisCommand.Of("INFO");

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var hello = await TryHelloAsync(cancellationToken).ConfigureAwait(false);
        if (hello is null)
        {
            Server = await LegacyHandshakeAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Server = ParseHello(hello);
        }

        if (_options.DefaultDatabase != 0 && !Server.IsCluster && !Server.IsSentinel)
        {
            await ExecuteInternal(Select, [_options.DefaultDatabase], Replies.Ok, cancellationToken).ConfigureAwait(false);
        }

        ConnectionLog.Connected(_logger, EndPointText, Server.Version.ToString(), Server.Protocol, Server.Mode, Server.Role);
    }

    private async Task<RespValue?> TryHelloAsync(CancellationToken cancellationToken)
    {
        var protocol = _options.Protocol == RedisProtocol.Resp2 ? 2 : 3;
        var args = new List<CommandArg>(6) { protocol };
        if (_options.Password is not null)
        {
            args.AddRange(["AUTH", _options.User ?? "default", _options.Password]);
        }

        if (_options.ClientName is not null)
        {
            args.AddRange(["SETNAME", _options.ClientName]);
        }

        try
        {
            return await ExecuteInternal(Hello, args.ToArray(), Replies.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException error) when (error.ErrorCode == "ERR" && error.ServerMessage?.Contains("unknown command", StringComparison.OrdinalIgnoreCase) == true)
        {
            if (_options.Protocol == RedisProtocol.Resp3)
            {
                throw new RedisConnectionException(RedisConnectionFailure.ConnectFailed, EndPointText, "HELLO", $"Redis at {EndPointText} does not speak RESP3 (HELLO is unknown) and the options require it.", error);
            }

            return null;
        }
        catch (RedisServerException error) when (error.ErrorCode == "NOPROTO" && _options.Protocol != RedisProtocol.Resp3)
        {
            return null;
        }
    }

    private async Task<ServerInfo> LegacyHandshakeAsync(CancellationToken cancellationToken)
    {
        if (_options.Password is not null)
        {
            await (_options.User is null
                ? ExecuteInternal(Auth, [_options.Password], Replies.Ok, cancellationToken)
                : ExecuteInternal(Auth, [_options.User, _options.Password], Replies.Ok, cancellationToken)).ConfigureAwait(false);
        }

        if (_options.ClientName is not null)
        {
            await ExecuteInternal(Client, ["SETNAME", _options.ClientName], Replies.Ok, cancellationToken).ConfigureAwait(false);
        }

        var info = await ExecuteInternal(Info, ["server"], Replies.Text, cancellationToken).ConfigureAwait(false) ?? string.Empty;
        var fields = info.Split('\n').Select(line => line.Trim().Split(':', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return new ServerInfo(
            Version.TryParse(fields.GetValueOrDefault("redis_version"), out var version) ? version : new Version(0, 0),
            Protocol: 2,
            ClientId: 0,
            Mode: fields.GetValueOrDefault("redis_mode") ?? "standalone",
            Role: "master");
    }

    private static ServerInfo ParseHello(RespValue hello)
    {
        var fields = new Dictionary<string, RespValue>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < hello.Items.Count; i += 2)
        {
            fields[hello.Items[i].AsString() ?? string.Empty] = hello.Items[i + 1];
        }

        return new ServerInfo(
            Version.TryParse(fields.GetValueOrDefault("version")?.AsString(), out var version) ? version : new Version(0, 0),
            (int)(fields.GetValueOrDefault("proto")?.AsInt64() ?? 2),
            fields.GetValueOrDefault("id")?.AsInt64() ?? 0,
            fields.GetValueOrDefault("mode")?.AsString() ?? "standalone",
            fields.GetValueOrDefault("role")?.AsString() ?? "master");
    }
}
