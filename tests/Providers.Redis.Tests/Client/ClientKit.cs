using System.Text;
using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.Redis.Protocol;
using Adapters.TestServers;
using Xunit;

namespace Adapters.Redis.Tests.Client;

/// <summary>What the client integration tests share: connecting, unique keys, raw commands and bounded waits.</summary>
internal static class ClientKit
{
    /// <summary>The most any single step may take before the test calls it a hang.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A key no other test (or earlier run) uses on the shared server.</summary>
    public static string Key(string purpose) => $"client:{purpose}:{Guid.NewGuid():N}";

    /// <summary>Options for <paramref name="server"/> with reconnects quick enough for restart tests.</summary>
    public static RedisOptions Options(RedisServerProcess server, Action<RedisOptions>? configure = null)
    {
        var options = RedisOptions.Parse(server.EndPoint);
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(500);
        configure?.Invoke(options);
        return options;
    }

    public static Task<RedisConnection> ConnectAsync(RedisServerProcess server, Action<RedisOptions>? configure = null)
        => RedisConnection.ConnectAsync(Options(server, configure), cancellationToken: Ct).WaitAsync(Bound, Ct);

    public static Task<RedisConnection> ConnectAsync(RedisServerProcess server, RedisProtocol protocol)
        => ConnectAsync(server, options => options.Protocol = protocol);

    /// <summary>Any command, its reply as a generic value.</summary>
    public static Task<RespValue> RawAsync(this RedisConnection connection, string command, params CommandArg[] args)
        => connection.Executor.ExecuteAsync(RedisCommand.Of(command), args, Replies.Value, Ct).AsTask().WaitAsync(Bound, Ct);

    /// <summary>Any command on one physical connection (a leased one).</summary>
    public static Task<RespValue> RawAsync(this PhysicalConnection connection, string command, params CommandArg[] args)
        => connection.ExecuteAsync(RedisCommand.Of(command), args, Replies.Value, Ct).AsTask().WaitAsync(Bound, Ct);

    /// <summary>Awaits a command with the hang bound.</summary>
    public static Task<T> Bounded<T>(this ValueTask<T> pending) => pending.AsTask().WaitAsync(Bound, Ct);

    public static Task Bounded(this ValueTask pending) => pending.AsTask().WaitAsync(Bound, Ct);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);

    /// <summary>One field of <c>INFO section</c> read through redis-cli (outside the client under test).</summary>
    public static async Task<string?> InfoFieldAsync(RedisServerProcess server, string section, string field)
    {
        var info = await server.CliAsync("INFO", section);
        return info.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(line => line[(field.Length + 1)..])
            .FirstOrDefault();
    }

    /// <summary>The <c>calls=</c> count of a command in <c>INFO commandstats</c>, 0 when it never ran.</summary>
    public static async Task<long> CallsAsync(RedisServerProcess server, string command)
    {
        var stats = await InfoFieldAsync(server, "commandstats", $"cmdstat_{command}");
        if (stats is null)
        {
            return 0;
        }

        var calls = stats.Split(',').First(part => part.StartsWith("calls=", StringComparison.Ordinal));
        return long.Parse(calls["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test with <paramref name="what"/> after <see cref="Bound"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(25, Ct);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);
}
