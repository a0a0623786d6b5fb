namespace Adapters.Baileys;

/// <summary>How <see cref="BaileysAuthFolder.ImportAsync(IAuthStateStore, string, string, BaileysImportOptions, CancellationToken)"/> treats the folder and the target session.</summary>
public sealed class BaileysImportOptions
{
    /// <summary>
    /// Replace a session that already holds credentials or keys: its keys that are not in the folder are deleted in the
    /// same atomic change-set that writes the folder's keys. Needs a store implementing <see cref="IAuthStateKeyEnumeration"/>.
    /// Off by default, so an import never silently destroys a live session.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// The key types whose files the folder may hold (file names are split at the longest matching type); defaults to
    /// <see cref="AuthKeyTypes.All"/>. Add your own types here if your client stores any.
    /// </summary>
    public IReadOnlyCollection<string> KeyTypes { get; init; } = AuthKeyTypes.All;
}
