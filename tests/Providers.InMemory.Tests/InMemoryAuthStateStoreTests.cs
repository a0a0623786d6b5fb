using Xunit;

namespace Adapters.InMemory.Tests;

public sealed class InMemoryAuthStateStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Oversize_credentials_are_refused_and_the_old_ones_kept()
    {
        var store = new InMemoryAuthStateStore(new InMemoryAuthStateStoreOptions { MaxValueBytes = 16 });
        await store.WriteCredentialsAsync("s", new byte[16], Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteCredentialsAsync("s", new byte[17], Ct).AsTask());

        Assert.Equal("credentials", error.ParamName);
        Assert.Equal(16, (await store.ReadCredentialsAsync("s", Ct))!.Length);
    }

    [Fact]
    public async Task Writers_racing_a_delete_never_lose_a_write_to_an_unlinked_session()
    {
        var store = new InMemoryAuthStateStore();
        for (var round = 0; round < 200; round++)
        {
            var session = $"race-{round}";
            await store.WriteCredentialsAsync(session, new byte[] { 1 }, Ct);
            var delete = Task.Run(() => store.DeleteSessionAsync(session, Ct).AsTask(), Ct);
            var write = Task.Run(() => store.SetKeysAsync(session, new AuthKeyChangeSet().Set("t", "1", [2]), Ct).AsTask(), Ct);
            await Task.WhenAll(delete, write);

            // Whichever ran last decides, but a write that "succeeded" after the delete must be readable.
            var keys = await store.GetKeysAsync(session, "t", ["1"], Ct);
            var listed = await store.ListSessionsAsync(Ct).ToListAsync(Ct);
            Assert.Equal(keys.Count == 1, listed.Contains(session));
        }
    }
}
