using Adapters.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Adapters.Compression.Tests;

public sealed class CompressingAuthStateStoreTests
{
    private const string Session = "phone-1";

    public static TheoryData<string> Codecs => ["zstd", "lz4", "gzip", "brotli"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Sessions_and_credentials_are_stored_compressed_and_pre_keys_plain(string name)
    {
        var codec = Compression.Tests.Codecs.Available(name);
        var inner = new InMemoryAuthStateStore();
        var store = CompressingAuthStateStore.Create(inner, codec);
        var session = TestInputs.Json(16 * 1024);
        var creds = TestInputs.Json(4 * 1024, seed: 3);
        var preKey = TestInputs.RandomBytes(160);

        await store.WriteCredentialsAsync(Session, creds, Ct);
        await store.SetKeysAsync(Session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "peer.0", session }, { AuthKeyTypes.PreKey, "1", preKey } }, Ct);

        var storedSession = (await inner.GetKeysAsync(Session, AuthKeyTypes.Session, ["peer.0"], Ct))["peer.0"];
        Assert.True(ValueFrame.TryReadHeader(storedSession, out var header));
        Assert.Equal(codec.Id, header.Codec);
        Assert.True(storedSession.Length < session.Length / 2, $"16 KiB of JSON took {storedSession.Length} bytes.");
        Assert.True(ValueFrame.TryReadHeader((await inner.ReadCredentialsAsync(Session, Ct))!, out _));
        Assert.Equal(preKey, (await inner.GetKeysAsync(Session, AuthKeyTypes.PreKey, ["1"], Ct))["1"]);   // raw, unframed

        Assert.Equal(session, (await store.GetKeysAsync(Session, AuthKeyTypes.Session, ["peer.0"], Ct))["peer.0"]);
        Assert.Equal(preKey, (await store.GetKeysAsync(Session, AuthKeyTypes.PreKey, ["1"], Ct))["1"]);
        Assert.Equal(creds, await store.ReadCredentialsAsync(Session, Ct));
    }

    [Fact]
    public async Task Values_written_with_another_codec_or_without_compression_stay_readable()
    {
        var inner = new InMemoryAuthStateStore();
        var gzip = CompressingAuthStateStore.Create(inner, CompressionCodecs.GZip());
        var plain = TestInputs.Json(8 * 1024, seed: 5);
        var legacy = "{\"type\":\"Buffer\",\"data\":\"AAEC\"}"u8.ToArray();
        var magic = new byte[] { ValueFrame.Magic0, ValueFrame.Magic1, 1, 2, 3 };
        await gzip.SetKeysAsync(Session, new AuthKeyChangeSet().Set(AuthKeyTypes.AppStateSyncVersion, "regular", plain), Ct);
        await inner.SetKeysAsync(Session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "legacy", legacy), Ct);   // written before compression was on
        await gzip.SetKeysAsync(Session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "magic", magic), Ct);
        await inner.WriteCredentialsAsync(Session, legacy, Ct);

        var zstd = CompressingAuthStateStore.Create(inner, Compression.Tests.Codecs.Available("zstd"));

        Assert.Equal(plain, (await zstd.GetKeysAsync(Session, AuthKeyTypes.AppStateSyncVersion, ["regular"], Ct))["regular"]);
        var sessions = await zstd.GetKeysAsync(Session, AuthKeyTypes.Session, ["legacy", "magic"], Ct);
        Assert.Equal(legacy, sessions["legacy"]);
        Assert.Equal(magic, sessions["magic"]);
        Assert.Equal(legacy, await zstd.ReadCredentialsAsync(Session, Ct));
        var storedMagic = (await inner.GetKeysAsync(Session, AuthKeyTypes.Session, ["magic"], Ct))["magic"];
        Assert.True(ValueFrame.TryReadHeader(storedMagic, out var header));   // a raw value that looks framed is framed
        Assert.Equal(CompressionCodecId.None, header.Codec);
    }

    [Fact]
    public async Task A_corrupt_frame_fails_the_read_naming_the_session_type_and_id()
    {
        var inner = new InMemoryAuthStateStore();
        var store = CompressingAuthStateStore.Create(inner, Compression.Tests.Codecs.Available("zstd"));
        await store.SetKeysAsync(Session, new AuthKeyChangeSet { { AuthKeyTypes.Session, "good", TestInputs.Json(4096) }, { AuthKeyTypes.Session, "bad", TestInputs.Json(4096, seed: 2) } }, Ct);
        var stored = (await inner.GetKeysAsync(Session, AuthKeyTypes.Session, ["bad"], Ct))["bad"];
        stored[^5] ^= 0xFF;
        await inner.SetKeysAsync(Session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "bad", stored), Ct);
        await inner.WriteCredentialsAsync(Session, new byte[] { ValueFrame.Magic0, ValueFrame.Magic1, 5 }, Ct);   // a truncated header

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetKeysAsync(Session, AuthKeyTypes.Session, ["good", "bad"], Ct).AsTask());
        Assert.Contains(Session, error.Message, StringComparison.Ordinal);
        Assert.Contains("session/bad", error.Message, StringComparison.Ordinal);
        Assert.Equal(Session, error.Data[StoredValueErrors.StoreDataKey]);
        Assert.Equal("session/bad", error.Data[StoredValueErrors.KeyDataKey]);

        var creds = await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadCredentialsAsync(Session, Ct).AsTask());
        Assert.Equal(CompressingAuthStateStore.CredentialsKey, creds.Data[StoredValueErrors.KeyDataKey]);
        Assert.Single(await store.GetKeysAsync(Session, AuthKeyTypes.Session, ["good"], Ct));
    }

    [Fact]
    public async Task A_value_too_large_to_be_read_back_is_refused_before_anything_is_written()
    {
        var inner = new InMemoryAuthStateStore();
        var framer = new ValueFramer(new ValueFramerOptions { Codec = Compression.Tests.Codecs.Available("zstd"), MaxDecompressedBytes = 4096 });
        var store = CompressingAuthStateStore.Create(inner, framer);

        var changes = new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", [1] }, { AuthKeyTypes.AppStateSyncVersion, "huge", new byte[4097] } };
        Assert.Equal("changes", (await Assert.ThrowsAsync<ArgumentException>(() => store.SetKeysAsync(Session, changes, Ct).AsTask())).ParamName);
        Assert.Equal("credentials", (await Assert.ThrowsAsync<ArgumentException>(() => store.WriteCredentialsAsync(Session, new byte[4097], Ct).AsTask())).ParamName);

        Assert.Empty(await inner.ListSessionsAsync(Ct).ToListAsync(Ct));
        await store.WriteCredentialsAsync(Session, new byte[4096], Ct);
        Assert.Equal(new byte[4096], await store.ReadCredentialsAsync(Session, Ct));
    }

    [Fact]
    public async Task Key_enumeration_is_passed_through_only_when_the_inner_store_has_it()
    {
        var inner = new InMemoryAuthStateStore();
        var store = CompressingAuthStateStore.Create(inner, CompressionCodecs.GZip());
        await store.SetKeysAsync(Session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "s", TestInputs.Json(2048)), Ct);

        var listing = Assert.IsAssignableFrom<IAuthStateKeyEnumeration>(store);
        Assert.Equal([(AuthKeyTypes.Session, "s")], await listing.ListKeysAsync(Session, Ct).ToListAsync(Ct));
        Assert.IsNotAssignableFrom<IAuthStateKeyEnumeration>(CompressingAuthStateStore.Create(new Conformance.AuthState.FlakyAuthStateStore(inner), CompressionCodecs.GZip()));
        Assert.Same(inner, store.Inner);
    }

    [Fact]
    public async Task WithCompression_and_WithCaching_stack_in_the_order_given()
    {
        var codec = Compression.Tests.Codecs.Available("zstd");
        await using var provider = new ServiceCollection()
            .AddAdaptersInMemoryAuthState()
            .WithCompression(codec, threshold: 256)
            .WithCaching()
            .Services
            .BuildServiceProvider();

        var cache = Assert.IsAssignableFrom<CachingAuthStateStore>(provider.GetRequiredService<IAuthStateStore>());
        var compressing = Assert.IsAssignableFrom<CompressingAuthStateStore>(cache.Inner);
        Assert.Same(codec, compressing.Framer.Codec);
        Assert.Equal(256, compressing.Framer.Threshold);
        Assert.IsType<InMemoryAuthStateStore>(compressing.Inner);
        Assert.IsAssignableFrom<IAuthStateKeyEnumeration>(cache);

        var value = TestInputs.Json(8192);
        await cache.SetKeysAsync(Session, new AuthKeyChangeSet().Set(AuthKeyTypes.Session, "s", value), Ct);
        Assert.Equal(value, (await cache.GetKeysAsync(Session, AuthKeyTypes.Session, ["s"], Ct))["s"]);
        Assert.True(ValueFrame.IsFramed((await compressing.Inner.GetKeysAsync(Session, AuthKeyTypes.Session, ["s"], Ct))["s"]));
        Assert.Equal("Threshold", Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddAdaptersInMemoryAuthState().WithCompression(codec, threshold: -1)).ParamName);
    }
}
