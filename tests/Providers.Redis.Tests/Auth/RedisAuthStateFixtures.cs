using Adapters.Compression;
using Adapters.Conformance.AuthState;
using Adapters.TestServers;

namespace Adapters.Redis.Tests.Auth;

/// <summary>
/// The Redis auth-state store on the shared standalone server or the shared cluster, with a value limit the suite can
/// exceed, optionally compressing through its own value framer.
/// </summary>
public abstract class RedisAuthStateFixture(RedisServers servers, bool cluster, ValueFramer? framer = null) : AuthStateStoreFixture
{
    private const int Limit = 64 * 1024;

    private RedisConnection? _connection;
    private RedisAuthStateStore? _store;

    public RedisConnection Connection => _connection ?? throw new InvalidOperationException("The fixture is not initialized.");

    public override IAuthStateStore Store => RedisStore;

    public RedisAuthStateStore RedisStore => _store ?? throw new InvalidOperationException("The fixture is not initialized.");

    public override int? MaxValueBytes => Limit;

    public override async ValueTask InitializeAsync()
    {
        var configuration = cluster ? (await servers.GetClusterAsync()).ConfigurationString : (await servers.GetStandaloneAsync()).EndPoint;
        _connection = await RedisConnection.ConnectAsync(configuration);
        _store = new RedisAuthStateStore(_connection, new RedisAuthStateOptions { MaxValueBytes = Limit, Framer = framer ?? ValueFramer.Uncompressed });
    }

    public override async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

public sealed class StandaloneAuthStateFixture(RedisServers servers) : RedisAuthStateFixture(servers, cluster: false);

public sealed class ClusterAuthStateFixture(RedisServers servers) : RedisAuthStateFixture(servers, cluster: true);

/// <summary>The store framing values with zstd above 64 bytes, so the suite's larger values are compressed.</summary>
public sealed class StandaloneFramedAuthStateFixture(RedisServers servers)
    : RedisAuthStateFixture(servers, cluster: false, new ValueFramer(new ValueFramerOptions { Codec = CompressionCodecs.Zstd(), Threshold = 64 }));
