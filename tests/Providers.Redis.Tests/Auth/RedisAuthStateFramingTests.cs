using System.Text;
using Adapters.Compression;
using Adapters.Redis.Commands;
using Xunit;
using static Adapters.Redis.Tests.Auth.AuthTestKit;

namespace Adapters.Redis.Tests.Auth;

/// <summary>
/// Values go through the value frame (DESIGN.md): with a codec and a threshold, small incompressible pre-keys stay
/// plain and large sessions compress; any codec's frames stay readable; a corrupt frame names session and key.
/// </summary>
public sealed class RedisAuthStateFramingTests(StandaloneAuthStateFixture fixture) : IClassFixture<StandaloneAuthStateFixture>
{
    private static ValueFramer Framer(ICompressionCodec codec) => new(new ValueFramerOptions { Codec = codec, Threshold = 512 });

    [Fact]
    public async Task Pre_keys_stay_plain_and_a_large_session_is_stored_compressed()
    {
        await using var store = new RedisAuthStateStore(fixture.Connection, new RedisAuthStateOptions { Framer = Framer(CompressionCodecs.Zstd()) });
        var session = NewSession("framed");
        var preKey = Bytes(1, 160);
        var ratchet = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"chainKey\":\"AAECAwQFBgcICQ==\",\"index\":7},", 400)));

        await store.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.PreKey, "1", preKey }, { AuthKeyTypes.Session, "a.0", ratchet } }, Ct);

        var redis = fixture.Connection.Executor;
        Assert.Equal(preKey, await redis.HashGetAsync($"auth:{{{session}}}:keys:pre-key", "1", Ct));
        var stored = await redis.HashGetAsync($"auth:{{{session}}}:keys:session", "a.0", Ct);
        Assert.True(ValueFrame.TryReadHeader(stored, out var header));
        Assert.Equal(CompressionCodecId.Zstd, header.Codec);
        Assert.True(stored!.Length < ratchet.Length / 4, $"{stored.Length} bytes stored for {ratchet.Length}");
        Assert.Equal(ratchet, (await store.GetKeysAsync(session, AuthKeyTypes.Session, ["a.0"], Ct))["a.0"]);
    }

    [Fact]
    public async Task Values_written_with_another_codec_stay_readable()
    {
        var session = NewSession("codecs");
        var credentials = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"noiseKey\":{\"private\":\"AAECAwQ=\"}},", 100)));
        await using (var gzip = new RedisAuthStateStore(fixture.Connection, new RedisAuthStateOptions { Framer = Framer(CompressionCodecs.GZip()) }))
        {
            await gzip.WriteCredentialsAsync(session, credentials, Ct);
        }

        await using var zstd = new RedisAuthStateStore(fixture.Connection, new RedisAuthStateOptions { Framer = Framer(CompressionCodecs.Zstd()) });
        Assert.Equal(credentials, await zstd.ReadCredentialsAsync(session, Ct));
        Assert.Equal(credentials, await fixture.RedisStore.ReadCredentialsAsync(session, Ct));
    }

    [Fact]
    public async Task A_raw_value_that_begins_with_the_frame_magic_round_trips()
    {
        var session = NewSession("magic");
        byte[] value = [ValueFrame.Magic0, ValueFrame.Magic1, 1, 2, 3];

        await fixture.RedisStore.SetKeysAsync(session, new AuthKeyChangeSet { { AuthKeyTypes.SenderKey, "g", value } }, Ct);

        Assert.Equal(value, (await fixture.RedisStore.GetKeysAsync(session, AuthKeyTypes.SenderKey, ["g"], Ct))["g"]);
    }

    [Fact]
    public async Task A_corrupt_frame_stored_by_another_writer_names_session_and_key_and_stays()
    {
        var session = NewSession("corrupt");
        byte[] corrupt = [ValueFrame.Magic0, ValueFrame.Magic1, (byte)CompressionCodecId.Zstd, 100, 0, 0, 0, 9, 9, 9];
        var key = $"auth:{{{session}}}:keys:session";
        await fixture.Connection.Executor.HashSetAsync(key, "a.0", corrupt, Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await fixture.RedisStore.GetKeysAsync(session, AuthKeyTypes.Session, ["a.0"], Ct));

        Assert.Contains(session, error.Message, StringComparison.Ordinal);
        Assert.Contains("session/a.0", error.Message, StringComparison.Ordinal);
        Assert.Equal(corrupt, await fixture.Connection.Executor.HashGetAsync(key, "a.0", Ct));
    }
}
