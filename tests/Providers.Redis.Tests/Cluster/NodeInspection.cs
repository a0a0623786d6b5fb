using System.Globalization;
using Adapters.Redis.Connection;
using Adapters.TestServers;

namespace Adapters.Redis.Tests.Cluster;

/// <summary>Looks at the servers with redis-cli, independently of the client under test.</summary>
internal static class NodeInspection
{
    /// <summary>
    /// The <c>cmdstat_NAME</c> line of <c>INFO commandstats</c>: calls the node executed, and calls it refused before
    /// running them (MOVED and ASK redirections count there), zero when the command never reached the node.
    /// </summary>
    public static async Task<(long Calls, long Rejected)> CommandStatsAsync(RedisServerProcess node, string command)
    {
        var prefix = $"cmdstat_{command.ToLowerInvariant()}:";
        var line = (await node.CliAsync("INFO", "commandstats")).Split('\n').Select(text => text.Trim()).FirstOrDefault(text => text.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null)
        {
            return (0, 0);
        }

        var fields = line[prefix.Length..].Split(',').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return (long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields.GetValueOrDefault("rejected_calls", "0"), CultureInfo.InvariantCulture));
    }

    public static async Task<string> NodeIdAsync(RedisServerProcess node) => (await node.CliAsync("CLUSTER", "MYID")).Trim();

    /// <summary>The keys a node holds that match <paramref name="pattern"/> (KEYS is fine on the small test data sets).</summary>
    public static async Task<HashSet<string>> KeysAsync(RedisServerProcess node, string pattern) =>
        [.. (await node.CliAsync("KEYS", pattern)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The first line of ROLE: master, slave or sentinel.</summary>
    public static async Task<string> RoleAsync(RedisServerProcess node) =>
        (await node.CliAsync("ROLE")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];

    /// <summary>GET on exactly this node (no redirection); throws with the error when the node does not serve the key.</summary>
    public static async Task<string> GetAsync(RedisServerProcess node, string key) => (await node.CliAsync("GET", key)).TrimEnd('\n');

    /// <summary>The ports of the masters the client currently routes to.</summary>
    public static IReadOnlyList<int> ClientMasterPorts(RedisConnection connection) =>
        [.. connection.Executor.Masters.Select(master => ((ConnectionPool)master).EndPoint.Port).Order()];

    /// <summary>A key (hash tag <c>{prefix-N}</c>) whose slot <c>Masters[masterIndex]</c> serves, as the cluster itself reports.</summary>
    public static async Task<string> KeyServedByAsync(RedisClusterInfo cluster, int masterIndex, string prefix, int skip = 0)
    {
        for (var i = 0; i < 1000; i++)
        {
            var key = $"{{{prefix}-{i}}}";
            if (await cluster.MasterIndexOfSlotAsync(await cluster.SlotOfAsync(key)) == masterIndex && skip-- == 0)
            {
                return key;
            }
        }

        throw new InvalidOperationException($"No key with prefix {prefix} hashes to master {masterIndex}.");
    }
}
