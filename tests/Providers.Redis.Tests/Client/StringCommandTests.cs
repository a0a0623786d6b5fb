using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class StringCommandTests(RedisServers servers)
{
    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task GET_SET_DEL_UNLINK_EXISTS_round_trip(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var db = redis.Executor;
        var key = Key("string");

        Assert.Null(await db.GetAsync(key, Ct).Bounded());
        Assert.False(await db.ExistsAsync(key, Ct).Bounded());
        Assert.True(await db.SetAsync(key, "value", cancellationToken: Ct).Bounded());
        Assert.Equal("value", Text(await db.GetAsync(key, Ct).Bounded()));
        Assert.True(await db.ExistsAsync(key, Ct).Bounded());
        Assert.Equal("value", (await server.CliAsync("GET", key)).TrimEnd('\n'));
        Assert.Equal(1, await db.DeleteAsync(key, Ct).Bounded());
        Assert.Equal(0, await db.DeleteAsync(key, Ct).Bounded());

        Assert.True(await db.SetAsync(key, Utf8("again"), cancellationToken: Ct).Bounded());
        Assert.Equal(1, await db.UnlinkAsync(key, Ct).Bounded());
        Assert.Equal(0, await db.UnlinkAsync(key, Ct).Bounded());
        Assert.False(await db.ExistsAsync(key, Ct).Bounded());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SET_NX_and_XX_write_only_when_their_condition_holds(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var db = redis.Executor;
        var key = Key("set-condition");

        Assert.False(await db.SetAsync(key, "xx", condition: SetCondition.Exists, cancellationToken: Ct).Bounded());
        Assert.Null(await db.GetAsync(key, Ct).Bounded());
        Assert.True(await db.SetAsync(key, "nx", condition: SetCondition.NotExists, cancellationToken: Ct).Bounded());
        Assert.False(await db.SetAsync(key, "nx again", condition: SetCondition.NotExists, cancellationToken: Ct).Bounded());
        Assert.Equal("nx", Text(await db.GetAsync(key, Ct).Bounded()));
        Assert.True(await db.SetAsync(key, "xx", condition: SetCondition.Exists, cancellationToken: Ct).Bounded());
        Assert.Equal("xx", Text(await db.GetAsync(key, Ct).Bounded()));
    }

    [Fact]
    public async Task SET_PX_with_and_without_conditions_sets_the_expiry()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var db = redis.Executor;
        var key = Key("set-px");
        var hour = TimeSpan.FromHours(1);

        Assert.True(await db.SetAsync(key, "a", TimeSpan.FromMinutes(10), cancellationToken: Ct).Bounded());
        var ttl = await db.TimeToLiveAsync(key, Ct).Bounded();
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        Assert.False(await db.SetAsync(key, "b", hour, SetCondition.NotExists, Ct).Bounded());
        Assert.Equal("a", Text(await db.GetAsync(key, Ct).Bounded()));
        Assert.True(await db.SetAsync(key, "c", hour, SetCondition.Exists, Ct).Bounded());
        Assert.InRange((await db.TimeToLiveAsync(key, Ct).Bounded())!.Value, TimeSpan.FromMinutes(59), hour);
        Assert.Equal("c", Text(await db.GetAsync(key, Ct).Bounded()));

        var other = Key("set-px-nx");
        Assert.True(await db.SetAsync(other, "d", TimeSpan.FromMilliseconds(1500), SetCondition.NotExists, Ct).Bounded());
        Assert.InRange((await db.TimeToLiveAsync(other, Ct).Bounded())!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1500));
        await UntilAsync(async () => !await db.ExistsAsync(other, Ct).Bounded(), "a 1.5 s PX key to expire");
    }

    [Fact]
    public async Task PEXPIRE_PTTL_and_PERSIST_manage_the_time_to_live()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var db = redis.Executor;
        var key = Key("ttl");

        Assert.Null(await db.TimeToLiveAsync(key, Ct).Bounded()); // no key
        Assert.False(await db.ExpireAsync(key, TimeSpan.FromMinutes(1), Ct).Bounded());
        await db.SetAsync(key, "v", cancellationToken: Ct).Bounded();
        Assert.Null(await db.TimeToLiveAsync(key, Ct).Bounded()); // no expiry
        Assert.False(await db.PersistAsync(key, Ct).Bounded());

        Assert.True(await db.ExpireAsync(key, TimeSpan.FromMinutes(1), Ct).Bounded());
        Assert.InRange((await db.TimeToLiveAsync(key, Ct).Bounded())!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        var serverTtl = long.Parse(await server.CliAsync("PTTL", key), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(serverTtl, 50_000, 60_000);

        Assert.True(await db.PersistAsync(key, Ct).Bounded());
        Assert.Null(await db.TimeToLiveAsync(key, Ct).Bounded());
        Assert.Equal("-1", (await server.CliAsync("PTTL", key)).Trim());
    }

    [Fact]
    public async Task INCRBY_counts_and_a_wrong_type_is_a_server_error_naming_command_and_key()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var db = redis.Executor;
        var counter = Key("counter");
        var text = Key("not-a-number");

        Assert.Equal(1, await db.IncrementAsync(counter, cancellationToken: Ct).Bounded());
        Assert.Equal(11, await db.IncrementAsync(counter, 10, Ct).Bounded());
        Assert.Equal(-89, await db.IncrementAsync(counter, -100, Ct).Bounded());
        Assert.Equal("-89", Text(await db.GetAsync(counter, Ct).Bounded()));

        await db.SetAsync(text, "secret-value", cancellationToken: Ct).Bounded();
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.IncrementAsync(text, cancellationToken: Ct).Bounded());
        Assert.Equal("INCRBY", error.Command);
        Assert.Equal(text, error.Key);
        Assert.Equal("ERR", error.ErrorCode);
        Assert.Contains("INCRBY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
        Assert.Equal(-89, await db.IncrementAsync(counter, 0, Ct).Bounded()); // the connection is fine afterwards
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task MGET_returns_values_in_key_order_with_nulls_for_missing_keys(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var db = redis.Executor;
        string[] keys = [Key("mget-a"), Key("mget-missing"), Key("mget-b")];
        await db.SetAsync(keys[0], "a", cancellationToken: Ct).Bounded();
        await db.SetAsync(keys[2], "b", cancellationToken: Ct).Bounded();

        var values = await db.GetManyAsync(keys, Ct).Bounded();

        Assert.Equal(["a", null, "b"], values.Select(Text));
    }

    [Fact]
    public async Task Values_with_every_byte_value_round_trip_unchanged()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var db = redis.Executor;
        var key = Key("binary");
        // Every byte, then the RESP delimiters in awkward places (\r\n inside, a trailing \r, a leading '$').
        byte[] value = [.. Enumerable.Range(0, 256).Select(b => (byte)b), .. "\r\n$-1\r\n*3\r\n"u8, (byte)'\r'];

        await db.SetAsync(key, value, cancellationToken: Ct).Bounded();

        Assert.Equal(value, await db.GetAsync(key, Ct).Bounded());
        Assert.Equal(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), (await server.CliAsync("STRLEN", key)).Trim());
        byte[] binaryKey = [0, 255, 13, 10, 0x7b, 0x7d, .. Utf8(key)];
        await db.SetAsync(binaryKey, value, cancellationToken: Ct).Bounded();
        Assert.Equal(value, await db.GetAsync(binaryKey, Ct).Bounded());
        Assert.Equal(1, await db.UnlinkAsync(binaryKey, Ct).Bounded());
    }

    [Fact]
    public async Task A_16_MiB_value_round_trips_and_the_connection_stays_in_step()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options => options.PoolSize = 1);
        var db = redis.Executor;
        var key = Key("large");
        var value = new byte[16 * 1024 * 1024];
        new Random(42).NextBytes(value);

        Assert.True(await db.SetAsync(key, value, cancellationToken: Ct).Bounded());
        var small = db.GetAsync(key + ":missing", Ct).Bounded(); // queued behind the huge reply
        var read = await db.GetAsync(key, Ct).Bounded();

        Assert.Equal(value.Length, read!.Length);
        Assert.True(value.AsSpan().SequenceEqual(read));
        Assert.Null(await small);
        Assert.Equal("16777216", (await server.CliAsync("STRLEN", key)).Trim());
        Assert.Equal(1, await db.UnlinkAsync(key, Ct).Bounded());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task UTF8_keys_and_values_are_stored_as_UTF8_bytes(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var db = redis.Executor;
        var key = $"{Key("utf8")}:ключ:鍵:🔑:é";

        await db.SetAsync(key, "värde ✓ 値", cancellationToken: Ct).Bounded();

        Assert.Equal("värde ✓ 値", Text(await db.GetAsync(key, Ct).Bounded()));
        Assert.Equal("värde ✓ 値", (await server.CliAsync("GET", key)).TrimEnd('\n'));
        var found = await db.ScanKeysAsync(key, pageSize: 100, cancellationToken: Ct).ToArrayAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        Assert.Equal(Utf8(key), Assert.Single(found));
    }
}
