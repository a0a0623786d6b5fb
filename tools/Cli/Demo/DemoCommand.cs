using System.CommandLine;
using Adapters.Cli.Servers;
using Adapters.InMemory;
using Adapters.Redis;
using Spectre.Console;

namespace Adapters.Cli.Demo;

/// <summary>
/// `adapters demo [--redis [host:port]]`: shows each contract at work, on the in-memory providers by default, or on
/// Redis — a given server, or a throw-away redis-server this command starts and stops when no address is given.
/// </summary>
internal static class DemoCommand
{
    private static readonly Option<string?> RedisOption = new("--redis")
    {
        Description = "Run on Redis: the server at host:port, or (with no value) a redis-server started for the demo.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create()
    {
        var command = new Command("demo", "Show a map emitting debounced change batches, an auth session round trip, a cached value and a HybridCache on two nodes.") { RedisOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = AnsiConsole.Console;
            console.Write(new FigletText("adapters").Color(Color.SteelBlue));
            if (parse.GetResult(RedisOption) is null)
            {
                console.MarkupLine("[grey]provider:[/] in-memory (add --redis to run the same on Redis)");
                var hub = new InMemoryHybridCacheBackplane();
                await RunAsync(console, new InMemoryMapStore(), new InMemoryAuthStateStore(), new InMemoryDistributedCache(), () => hub, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            await using var local = parse.GetValue(RedisOption) is null ? await LocalRedisServer.StartAsync(cancellationToken).ConfigureAwait(false) : null;
            var endPoint = local?.EndPoint ?? parse.GetValue(RedisOption)!;
            console.MarkupLineInterpolated($"[grey]provider:[/] Redis at {endPoint}{(local is null ? string.Empty : " (started for the demo, stopped at the end)")}");
            await using var redis = await RedisConnection.ConnectAsync(endPoint, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var auth = new RedisAuthStateStore(redis);
            await using var cache = new RedisDistributedCache(redis, new RedisCacheOptions { InstanceName = "adapters-demo:" });
            await RunAsync(console, new RedisMapStore(redis), auth, cache, () => new RedisHybridCacheBackplane(redis), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(IAnsiConsole console, IChangeTrackingMapFactory maps, IAuthStateStore auth, Microsoft.Extensions.Caching.Distributed.IDistributedCache cache, Func<IHybridCacheBackplane> backplane, CancellationToken cancellationToken)
    {
        await MapDemo.RunAsync(console, maps, cancellationToken).ConfigureAwait(false);
        await AuthDemo.RunAsync(console, auth, cancellationToken).ConfigureAwait(false);
        await CacheDemo.RunAsync(console, cache, cancellationToken).ConfigureAwait(false);
        await HybridDemo.RunAsync(console, cache, backplane, cancellationToken).ConfigureAwait(false);
        console.Write(new Rule("[green]done[/]"));
    }
}
