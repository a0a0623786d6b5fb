using Adapters.Redis.Commands;
using Adapters.Redis.Connection;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

public sealed class ScanTests(RedisServers servers)
{
    // Above the default listpack limits (512 entries on Debian's build), where Redis returns a whole collection in one page.
    private const int Count = 600;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SCAN_returns_every_matching_key_over_several_pages(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var prefix = Key("scan");
        var expected = Enumerable.Range(0, Count).Select(i => $"{prefix}:item:{i}").ToHashSet();
        await Task.WhenAll(expected.Select(key => redis.Executor.SetAsync(key, "v", cancellationToken: Ct).Bounded()));
        await redis.Executor.SetAsync($"{prefix}:other", "v", cancellationToken: Ct).Bounded();

        var found = await redis.Executor.ScanKeysAsync($"{prefix}:item:*", pageSize: 10, Ct).Select(Text).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        var pages = await ScanCommands.PagesAsync(redis.Executor, RedisCommand.Of("SCAN"), key: null, $"{prefix}:*", pageSize: 10, Ct).CountAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        var sevens = await redis.Executor.ScanKeysAsync($"{prefix}:item:?7", pageSize: 10, Ct).Select(Text).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        Assert.Equal(expected.Order(), found.Distinct().Order());
        Assert.True(pages > 1, $"expected several pages, got {pages}");
        Assert.Equal(Enumerable.Range(1, 9).Select(tens => $"{prefix}:item:{tens}7").Order(), sevens.Distinct().Order());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task HSCAN_returns_every_field_with_its_value(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var key = Key("hscan");
        var fields = Enumerable.Range(0, Count).ToDictionary(i => $"field:{i}", i => Utf8($"value {i}"));
        await redis.Executor.HashSetAsync(key, fields, Ct).Bounded();
        await redis.Executor.HashSetAsync(key, "other", "x", Ct).Bounded();

        var scanned = await redis.Executor.HashScanAsync(key, "field:*", pageSize: 10, Ct).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        var pages = await ScanCommands.PagesAsync(redis.Executor, RedisCommand.Of("HSCAN"), key, "*", pageSize: 10, Ct).CountAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        var byField = scanned.GroupBy(pair => Text(pair.Key)!).ToDictionary(group => group.Key, group => Text(group.First().Value));
        Assert.Equal(fields.Keys.Order(), byField.Keys.Order());
        Assert.All(fields, pair => Assert.Equal(Text(pair.Value), byField[pair.Key]));
        Assert.True(pages > 1, $"expected several pages, got {pages}");
        var nines = await redis.Executor.HashScanAsync(key, "field:9?", pageSize: 10, Ct).Select(pair => Text(pair.Key)).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        Assert.Equal(Enumerable.Range(90, 10).Select(i => $"field:{i}").Order(), nines.Distinct().Order());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task SSCAN_returns_every_member(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var key = Key("sscan");
        var members = Enumerable.Range(0, Count).Select(i => $"member:{i}").ToList();
        await Task.WhenAll(members.Select(member => redis.Executor.SetAddAsync(key, member, Ct).Bounded()));
        await redis.Executor.SetAddAsync(key, "other", Ct).Bounded();

        var scanned = await redis.Executor.SetScanAsync(key, "member:*", pageSize: 10, Ct).Select(Text).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        var pages = await ScanCommands.PagesAsync(redis.Executor, RedisCommand.Of("SSCAN"), key, "*", pageSize: 10, Ct).CountAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        var one = await redis.Executor.SetScanAsync(key, "member:1??", pageSize: 10, Ct).Select(Text).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        Assert.Equal(members.Order(), scanned.Distinct().Order());
        Assert.True(pages > 1, $"expected several pages, got {pages}");
        Assert.Equal(Enumerable.Range(100, 100).Select(i => $"member:{i}").Order(), one.Distinct().Order());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ZSCAN_returns_every_member_with_its_score(RedisProtocol protocol)
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, protocol);
        var key = Key("zscan");
        var scores = Enumerable.Range(0, Count).ToDictionary(i => $"member:{i}", i => (i * 1.25) - 100);
        await Task.WhenAll(scores.Select(pair => redis.Executor.SortedSetAddAsync(key, pair.Key, pair.Value, Ct).Bounded()));
        await redis.Executor.SortedSetAddAsync(key, "other", 0, Ct).Bounded();

        var scanned = await redis.Executor.SortedSetScanAsync(key, "member:*", pageSize: 10, Ct).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        var pages = await ScanCommands.PagesAsync(redis.Executor, RedisCommand.Of("ZSCAN"), key, "*", pageSize: 10, Ct).CountAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        var byMember = scanned.GroupBy(pair => Text(pair.Key)!).ToDictionary(group => group.Key, group => group.First().Value);
        Assert.Equal(scores.Keys.Order(), byMember.Keys.Order());
        Assert.All(scores, pair => Assert.Equal(pair.Value, byMember[pair.Key]));
        Assert.True(pages > 1, $"expected several pages, got {pages}");
    }

    [Fact]
    public async Task Scanning_a_missing_key_yields_nothing()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var key = Key("scan-missing");

        Assert.Empty(await redis.Executor.HashScanAsync(key, cancellationToken: Ct).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct));
        Assert.Empty(await redis.Executor.SetScanAsync(key, cancellationToken: Ct).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct));
        Assert.Empty(await redis.Executor.SortedSetScanAsync(key, cancellationToken: Ct).ToListAsync(Ct).AsTask().WaitAsync(Bound, Ct));
    }
}
