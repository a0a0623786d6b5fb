using Adapters.Redis.Connection;
using Microsoft.Extensions.Logging;

namespace Adapters.Redis;

/// <summary>Finding out what the endpoints are: a single server, a cluster, or sentinels.</summary>
public sealed partial class RedisConnection
{
    private static async Task<IRedisTopology> ConnectTopologyAsync(RedisOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("Adapters.Redis");
        if (options.ServiceName is not null)
        {
            return await Sentinel.SentinelTopology.ConnectAsync(options, logger, cancellationToken).ConfigureAwait(false);
        }

        RedisConnectionException? last = null;
        foreach (var endPoint in options.EndPoints)
        {
            var pool = new ConnectionPool(endPoint, options, logger, options.EffectivePoolSize);
            try
            {
                await pool.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RedisConnectionException ex)
            {
                last = ex;
                await pool.DisposeAsync().ConfigureAwait(false);
                continue;
            }

            switch (pool.Server)
            {
                case { IsCluster: true }:
                    await pool.DisposeAsync().ConfigureAwait(false);
                    return await Cluster.ClusterTopology.ConnectAsync(options, logger, cancellationToken).ConfigureAwait(false);
                case null:
                case { Role: "master" }:
                    // null: unreachable for now with abortConnect=false; the pool keeps reconnecting.
                    return new StandaloneTopology(pool);
                default:
                    if (options.EndPoints.Count == 1)
                    {
                        return new StandaloneTopology(pool);
                    }

                    await pool.DisposeAsync().ConfigureAwait(false);
                    break;
            }
        }

        throw last ?? new RedisConnectionException(RedisConnectionFailure.ConnectFailed, string.Join(",", options.EndPoints), null, "None of the configured Redis endpoints is a master.");
    }
}
