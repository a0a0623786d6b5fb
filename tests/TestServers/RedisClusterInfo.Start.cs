using System.Globalization;

namespace Adapters.TestServers;

public sealed partial class RedisClusterInfo
{
    private const int NodeCount = 6;

    internal static async Task<RedisClusterInfo> StartAsync()
    {
        var specs = Enumerable.Range(0, NodeCount).Select(_ => new ServerSpec { Name = "cluster", ClusterEnabled = true });
        var nodes = await RedisServerProcess.StartAllAsync(specs).ConfigureAwait(false);
        var cluster = new RedisClusterInfo(nodes);
        try
        {
            await cluster.CreateAsync().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CreateAsync()
    {
        var (_, cli) = await RedisAvailability.RequireAsync().ConfigureAwait(false);
        List<string> arguments = ["--cluster", "create"];
        arguments.AddRange(_nodes.Select(node => node.EndPoint));
        arguments.AddRange(["--cluster-replicas", "1", "--cluster-yes"]);
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(cli, arguments, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (exitCode != 0 || !stdout.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-cli --cluster create exited with {exitCode}: {stderr.Trim()}\n{stdout.Trim()}");
        }

        await Poll.UntilAsync(PendingHealthAsync, SettleTimeout, "the new cluster is healthy on every node").ConfigureAwait(false);
        await LoadRolesAsync().ConfigureAwait(false);
    }

    private async Task LoadRolesAsync()
    {
        var entries = await NodesViewAsync(AnyRunningNode()).ConfigureAwait(false);
        var masters = entries.Where(entry => entry.IsMaster && entry.Slots.Count > 0).OrderBy(entry => entry.Slots.Min(range => range.First)).ToArray();
        var replicas = masters.Select(master => entries.FirstOrDefault(entry => entry.MasterId == master.Id)
            ?? throw new InvalidOperationException($"Master on port {master.Port} has no replica.")).ToArray();
        Volatile.Write(ref _roles, new Roles([.. masters.Select(entry => NodeAt(entry.Port))], [.. replicas.Select(entry => NodeAt(entry.Port))]));
    }

    /// <summary>
    /// Null when every running node reports cluster_state:ok, knows all nodes, sees no running node failing, has no
    /// slot half-migrated, agrees with the others on roles and slot owners, and every replica's link is up.
    /// </summary>
    private async Task<string?> PendingHealthAsync()
    {
        string? agreed = null;
        var running = _nodes.Where(node => node.IsRunning).ToArray();
        var runningPorts = running.Select(node => node.Port).ToHashSet();
        foreach (var node in running)
        {
            var info = await node.InfoAsync("CLUSTER", "INFO").ConfigureAwait(false);
            if (info.GetValueOrDefault("cluster_state") != "ok")
            {
                return $"{node.EndPoint} cluster_state={info.GetValueOrDefault("cluster_state")}";
            }

            var entries = await NodesViewAsync(node).ConfigureAwait(false);
            if (entries.Count != _nodes.Length)
            {
                return $"{node.EndPoint} knows {entries.Count} nodes";
            }

            if (entries.FirstOrDefault(entry => entry.IsFailing && runningPorts.Contains(entry.Port)) is { } failing)
            {
                return $"{node.EndPoint} sees port {failing.Port} as failing";
            }

            if (entries.Any(entry => entry.HasOpenSlots))
            {
                return $"{node.EndPoint} still has a slot migrating or importing";
            }

            var view = string.Join(';', entries.OrderBy(entry => entry.Id, StringComparer.Ordinal).Select(Describe));
            if (agreed is not null && view != agreed)
            {
                return $"{node.EndPoint} disagrees with the other nodes: {view} vs {agreed}";
            }

            agreed = view;
            if (!entries.Single(entry => entry.IsMyself).IsMaster && await node.ReplicaLinkPendingAsync().ConfigureAwait(false) is { } link)
            {
                return link;
            }
        }

        return null;
    }

    private static string Describe(ClusterNodeEntry entry) => string.Create(CultureInfo.InvariantCulture,
        $"{entry.Port}:{(entry.IsMaster ? "master" : "replica-of-" + entry.MasterId)}:{string.Join(',', entry.Slots.Select(range => $"{range.First}-{range.Last}"))}");
}
