using Adapters.Cli.Servers;
using Spectre.Console;

namespace Adapters.Cli.Bench;

/// <summary>The server a benchmark runs against: the one given with --redis, or a local one started and stopped here.</summary>
internal sealed class RedisTarget : IAsyncDisposable
{
    private readonly LocalRedisServer? _owned;

    private RedisTarget(string endPoint, LocalRedisServer? owned)
    {
        EndPoint = endPoint;
        _owned = owned;
    }

    public string EndPoint { get; }

    public static async Task<RedisTarget> OpenAsync(BenchSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (settings.Redis is { } given)
        {
            return new RedisTarget(given, owned: null);
        }

        var server = await LocalRedisServer.StartAsync(cancellationToken).ConfigureAwait(false);
        console.MarkupLineInterpolated($"[grey]started redis-server on {server.EndPoint} (stopped at the end)[/]");
        return new RedisTarget(server.EndPoint, server);
    }

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
