using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.Auth;

/// <summary>Per-type time to live, option validation and the DI registration.</summary>
public sealed class RedisAuthStateOptionsTests(StandaloneAuthStateFixture fixture) : IClassFixture<StandaloneAuthStateFixture>
{
    [Theory]
    [InlineData(RedisAuthStateOptions.CredentialsName)]
    [InlineData(AuthKeyTypes.PreKey)]
    [InlineData(AuthKeyTypes.IdentityKey)]
    public void Credentials_pre_keys_and_identity_keys_cannot_expire(string type)
    {
        var options = new RedisAuthStateOptions();
        options.KeyTimeToLive[type] = TimeSpan.FromHours(1);

        Assert.Equal("KeyTimeToLive", Assert.Throws<ArgumentException>(options.Validate).ParamName);
        Assert.Equal("KeyTimeToLive", Assert.Throws<ArgumentException>(() => new RedisAuthStateStore(fixture.Connection, options)).ParamName);
        Assert.False(RedisAuthStateOptions.CanExpire(type));
    }

    [Fact]
    public void A_time_to_live_must_be_positive_and_the_type_valid()
    {
        var zero = new RedisAuthStateOptions();
        zero.KeyTimeToLive[AuthKeyTypes.DeviceList] = TimeSpan.Zero;
        var badType = new RedisAuthStateOptions();
        badType.KeyTimeToLive["bad\ttype"] = TimeSpan.FromMinutes(1);

        Assert.Equal("KeyTimeToLive", Assert.Throws<ArgumentException>(zero.Validate).ParamName);
        Assert.Equal("KeyTimeToLive", Assert.ThrowsAny<ArgumentException>(badType.Validate).ParamName);
        Assert.True(RedisAuthStateOptions.CanExpire(AuthKeyTypes.SenderKeyMemory));
    }

    [Fact]
    public async Task A_type_with_a_time_to_live_expires_after_its_last_write_and_the_others_never_do()
    {
        var options = new RedisAuthStateOptions();
        options.KeyTimeToLive[AuthKeyTypes.DeviceList] = TimeSpan.FromMinutes(10);
        await using var store = new RedisAuthStateStore(fixture.Connection, options);
        var session = NewSession();

        await store.WriteCredentialsAsync(session, Bytes(1), Ct);
        await store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", Bytes(2) }, { AuthKeyTypes.DeviceList, "491520", Bytes(3) } }, Ct);

        var ttl = (await RawAsync(fixture.Connection, "PTTL", $"auth:{{{session}}}:keys:device-list")).AsInt64();
        Assert.InRange(ttl, 1, 600_000);
        Assert.Equal(-1, (await RawAsync(fixture.Connection, "PTTL", $"auth:{{{session}}}:keys:pre-key")).AsInt64());
        Assert.Equal(-1, (await RawAsync(fixture.Connection, "PTTL", $"auth:{{{session}}}:creds")).AsInt64());
        Assert.Equal(-1, (await RawAsync(fixture.Connection, "PTTL", $"auth:{{{session}}}:types")).AsInt64());
    }

    [Fact]
    public async Task A_session_made_only_of_expiring_types_disappears_whole()
    {
        var options = new RedisAuthStateOptions();
        options.KeyTimeToLive[AuthKeyTypes.SenderKeyMemory] = TimeSpan.FromMilliseconds(300);
        options.KeyTimeToLive[AuthKeyTypes.DeviceList] = TimeSpan.FromMilliseconds(200);
        await using var store = new RedisAuthStateStore(fixture.Connection, options);
        var session = NewSession();

        await store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.SenderKeyMemory, "g@g.us", Bytes(1) }, { AuthKeyTypes.DeviceList, "491520", Bytes(2) } }, Ct);
        var typesTtl = (await RawAsync(fixture.Connection, "PTTL", $"auth:{{{session}}}:types")).AsInt64();
        Assert.InRange(typesTtl, 1, 300);
        Assert.Contains(session, await ListSessionsAsync(store));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await RawAsync(fixture.Connection, "EXISTS", $"auth:{{{session}}}:types", $"auth:{{{session}}}:keys:sender-key-memory")).AsInt64() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the session's keys did not expire");
            await Task.Delay(50, Ct);
        }

        Assert.Empty(await store.GetKeysAsync(session, AuthKeyTypes.SenderKeyMemory, ["g@g.us"], Ct));
        Assert.DoesNotContain(session, await ListSessionsAsync(store));
    }

    [Fact]
    public async Task AddAdaptersRedisAuthState_registers_a_store_that_connects_on_first_use()
    {
        var services = new ServiceCollection();
        services.AddAdaptersRedisAuthState(options =>
        {
            options.Configuration = fixture.Connection.Options.ToString();
            options.KeyTimeToLive[AuthKeyTypes.DeviceList] = TimeSpan.FromHours(1);
        });

        var session = NewSession();
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<IAuthStateStore>();
            Assert.Same(provider.GetRequiredService<RedisAuthStateStore>(), store);
            Assert.IsAssignableFrom<IAuthStateKeyEnumeration>(store);
            await store.WriteCredentialsAsync(session, Bytes(1), Ct);
        }

        Assert.Equal(Bytes(1), await fixture.Store.ReadCredentialsAsync(session, Ct));
    }

    [Fact]
    public async Task AddAdaptersRedisAuthState_keeps_an_existing_store_and_uses_a_shared_connection_without_closing_it()
    {
        var services = new ServiceCollection();
        var existing = new Adapters.InMemory.InMemoryAuthStateStore();
        services.AddSingleton<IAuthStateStore>(existing);
        services.AddAdaptersRedisAuthState(options => options.ConnectionFactory = () => Task.FromResult(fixture.Connection));

        var session = NewSession();
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(existing, provider.GetRequiredService<IAuthStateStore>());
            await provider.GetRequiredService<RedisAuthStateStore>().WriteCredentialsAsync(session, Bytes(2), Ct);
        }

        Assert.True(fixture.Connection.IsConnected);
        Assert.Equal(Bytes(2), await fixture.Store.ReadCredentialsAsync(session, Ct));
    }
}
