using System.Globalization;
using Spectre.Console;

namespace Adapters.Cli.Demo;

/// <summary>An auth session: credentials, 812 pre-keys in one atomic change-set, a Baileys-style transaction.</summary>
internal static class AuthDemo
{
    public static async Task RunAsync(IAnsiConsole console, IAuthStateStore store, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[yellow]2. auth-state store[/]").LeftJustified());
        const string Session = "demo-phone-1";
        await store.WriteCredentialsAsync(Session, "{\"me\":{\"id\":\"4915100000000:7@s.whatsapp.net\"}}"u8.ToArray(), cancellationToken).ConfigureAwait(false);

        var preKeys = new AuthKeyChangeSet();
        for (var id = 1; id <= 812; id++)
        {
            preKeys.Set(AuthKeyTypes.PreKey, id.ToString(CultureInfo.InvariantCulture), RandomBytes(160));
        }

        await store.SetKeysAsync(Session, preKeys, cancellationToken).ConfigureAwait(false);
        console.MarkupLine("Stored credentials and 812 pre-keys (one atomic change-set).");

        var found = await store.GetKeysAsync(Session, AuthKeyTypes.PreKey, ["1", "812", "813"], cancellationToken).ConfigureAwait(false);
        console.MarkupLineInterpolated($"get(pre-key, [[1, 812, 813]]) → {string.Join(", ", found.Keys)} [grey](813 was never stored, so it is absent)[/]");

        await store.TransactionAsync(Session, async tx =>
        {
            var used = await tx.GetAsync(AuthKeyTypes.PreKey, ["1"], cancellationToken).ConfigureAwait(false);
            tx.Set(AuthKeyTypes.PreKey, "1", null);
            tx.Set(AuthKeyTypes.Session, "4915200000000.0", RandomBytes(1200));
            var seen = await tx.GetAsync(AuthKeyTypes.PreKey, ["1"], cancellationToken).ConfigureAwait(false);
            console.MarkupLineInterpolated($"In a transaction: consumed pre-key 1 ({used.Count} → {seen.Count} visible inside), opened a Signal session; one commit at the end.");
        }, cancellationToken: cancellationToken).ConfigureAwait(false);

        var session = await store.GetKeysAsync(Session, AuthKeyTypes.Session, ["4915200000000.0"], cancellationToken).ConfigureAwait(false);
        console.MarkupLineInterpolated($"After commit: pre-key 1 present = {(await store.GetKeysAsync(Session, AuthKeyTypes.PreKey, ["1"], cancellationToken).ConfigureAwait(false)).Count == 1}, session bytes = {session.Values.Single().Length}");

        await store.ClearKeysAsync(Session, cancellationToken).ConfigureAwait(false);
        var creds = await store.ReadCredentialsAsync(Session, cancellationToken).ConfigureAwait(false);
        console.MarkupLineInterpolated($"clear() removed the keys and kept the credentials ({creds?.Length} bytes).");
        await store.DeleteSessionAsync(Session, cancellationToken).ConfigureAwait(false);
        var sessions = await store.ListSessionsAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        console.MarkupLineInterpolated($"[green]delete() removed the session; sessions left: {sessions.Count}.[/]");
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
