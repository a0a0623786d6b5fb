using Adapters.Baileys.Internal;

namespace Adapters.Baileys;

/// <summary>
/// Moves a session between an <see cref="IAuthStateStore"/> and a folder of Baileys' <c>useMultiFileAuthState</c>
/// (<c>creds.json</c> plus one <c>TYPE-ID.json</c> per key), so Node sessions can move into a store and back.
/// </summary>
/// <remarks>
/// <para>What is stored: the credentials and every key are the exact bytes of their files, the JSON text Baileys wrote
/// (<c>JSON.stringify(value, BufferJSON.replacer)</c>). The store never interprets values, nothing is re-encoded, and an
/// export writes the imported files back byte for byte. A client reading the store parses values as Baileys reads its
/// files (<c>JSON.parse(text, BufferJSON.reviver)</c>); <see cref="BaileysBufferJson"/> reads their binary fields in .NET.</para>
/// <para>File names map to key types and ids as <see cref="BaileysFileNames"/> describes.</para>
/// </remarks>
public static class BaileysAuthFolder
{
    private const int ReadBatchSize = 512;

    /// <summary>Imports a Baileys auth folder into a session that holds nothing yet; see <see cref="ImportAsync(IAuthStateStore, string, string, BaileysImportOptions, CancellationToken)"/>.</summary>
    public static Task<BaileysFolderSummary> ImportAsync(IAuthStateStore store, string sessionId, string folder, CancellationToken cancellationToken = default)
        => ImportAsync(store, sessionId, folder, new BaileysImportOptions(), cancellationToken);

    /// <summary>
    /// Imports a Baileys auth folder into a session: every key in one atomic <see cref="IAuthStateStore.SetKeysAsync"/>,
    /// then the credentials, whose presence therefore marks a complete import (a retry with
    /// <see cref="BaileysImportOptions.Overwrite"/> converges).
    /// </summary>
    /// <remarks>The whole folder is read and checked first: an entry that is not <c>creds.json</c> or a known key file,
    /// a missing <c>creds.json</c>, or a file that is not JSON fails the import before anything is written.</remarks>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds something Baileys would not have written.</exception>
    /// <exception cref="InvalidOperationException">The session already holds state and <see cref="BaileysImportOptions.Overwrite"/> is off.</exception>
    /// <exception cref="NotSupportedException">Overwrite was asked of a store that cannot list a session's keys.</exception>
    public static async Task<BaileysFolderSummary> ImportAsync(IAuthStateStore store, string sessionId, string folder, BaileysImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        NameRules.ValidateSessionId(sessionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.KeyTypes, nameof(options));
        foreach (var keyType in options.KeyTypes)
        {
            NameRules.ValidateKeyType(keyType, nameof(options));
        }

        var enumeration = store as IAuthStateKeyEnumeration;
        if (options.Overwrite && enumeration is null)
        {
            throw new NotSupportedException($"Overwriting a session needs a store that implements {nameof(IAuthStateKeyEnumeration)}, to delete the keys the folder does not have in the same change-set.");
        }

        var content = await BaileysFolderReader.ReadAsync(Path.GetFullPath(folder), options.KeyTypes, cancellationToken).ConfigureAwait(false);
        var changes = new AuthKeyChangeSet();
        foreach (var key in content.Keys)
        {
            changes.Set(key.Type, key.Id, key.Content);
        }

        if (options.Overwrite)
        {
            await foreach (var (type, id) in enumeration!.ListKeysAsync(sessionId, cancellationToken).ConfigureAwait(false))
            {
                if (!changes.ForType(type).ContainsKey(id))
                {
                    changes.Delete(type, id);
                }
            }
        }
        else if (await HoldsStateAsync(store, enumeration, sessionId, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The session '{sessionId}' already holds credentials or keys; delete it first or import with {nameof(BaileysImportOptions)}.{nameof(BaileysImportOptions.Overwrite)}.");
        }

        if (!changes.IsEmpty)
        {
            await store.SetKeysAsync(sessionId, changes, cancellationToken).ConfigureAwait(false);
        }

        await store.WriteCredentialsAsync(sessionId, content.Credentials, cancellationToken).ConfigureAwait(false);
        return Summarize(content.Keys.Select(key => key.Type));
    }

    /// <summary>
    /// Exports a session to a new or empty folder as Baileys' <c>useMultiFileAuthState</c> writes it: <c>creds.json</c>
    /// and one file per key named by Baileys' escaping, each holding the stored bytes. The files are written to a staging
    /// folder that is renamed into place at the end, so the target never holds half a session. Files are created readable
    /// by their owner only.
    /// </summary>
    /// <remarks>Export a session while no client writes it: listing and reading keys is not one snapshot.</remarks>
    /// <exception cref="ArgumentException">The store cannot list a session's keys (<see cref="IAuthStateKeyEnumeration"/>).</exception>
    /// <exception cref="InvalidOperationException">The session has no credentials, or two of its keys map to one file name
    /// (ids such as <c>a:b</c> and <c>a-b</c>, which Baileys cannot tell apart).</exception>
    /// <exception cref="InvalidDataException">A stored value is not JSON text, so Baileys could not read it.</exception>
    /// <exception cref="IOException">The target exists and is not an empty folder.</exception>
    public static async Task<BaileysFolderSummary> ExportAsync(IAuthStateStore store, string sessionId, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        NameRules.ValidateSessionId(sessionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (store is not IAuthStateKeyEnumeration enumeration)
        {
            throw new ArgumentException($"Exporting needs a store that implements {nameof(IAuthStateKeyEnumeration)} to list the session's keys.", nameof(store));
        }

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        BaileysFolderWriter.EnsureWritableTarget(target);

        var credentials = await store.ReadCredentialsAsync(sessionId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The session '{sessionId}' has no credentials to export.");
        BaileysFolderReader.ValidateJson(credentials, mustBeObject: true, (problem, inner) => new InvalidDataException($"The credentials of session '{sessionId}' {problem}; nothing was exported.", inner));

        var idsByType = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var (type, id) in enumeration.ListKeysAsync(sessionId, cancellationToken).ConfigureAwait(false))
        {
            if (!idsByType.TryGetValue(type, out var ids))
            {
                idsByType[type] = ids = [];
            }

            ids.Add(id);
        }

        var files = new List<(string FileName, byte[] Content)> { (BaileysFileNames.CredentialsFileName, credentials) };
        var owners = new Dictionary<string, (string Type, string Id)>(StringComparer.Ordinal);
        var exportedTypes = new List<string>();
        foreach (var (type, ids) in idsByType.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            foreach (var batch in ids.Order(StringComparer.Ordinal).Chunk(ReadBatchSize))
            {
                var values = await store.GetKeysAsync(sessionId, type, batch, cancellationToken).ConfigureAwait(false);
                foreach (var id in batch)
                {
                    // A key deleted since it was listed is simply not exported.
                    if (values.TryGetValue(id, out var value))
                    {
                        files.Add((KeyFileName(target, type, id, value, owners), value));
                        exportedTypes.Add(type);
                    }
                }
            }
        }

        await BaileysFolderWriter.WriteAsync(target, files, cancellationToken).ConfigureAwait(false);
        return Summarize(exportedTypes);
    }

    private static string KeyFileName(string folder, string type, string id, byte[] value, Dictionary<string, (string Type, string Id)> owners)
    {
        var fileName = BaileysFileNames.GetKeyFileName(type, id);
        BaileysFolderWriter.EnsurePlainFileName(folder, fileName, type, id);
        if (!owners.TryAdd(fileName, (type, id)))
        {
            var other = owners[fileName];
            throw new InvalidOperationException($"The {type} key '{id}' and the {other.Type} key '{other.Id}' both map to the Baileys file '{fileName}' ('/' becomes '__' and ':' becomes '-'); nothing was exported.");
        }

        BaileysFolderReader.ValidateJson(value, mustBeObject: false, (problem, inner) => new InvalidDataException($"The {type} key '{id}' {problem}, so Baileys could not read it; nothing was exported.", inner));
        return fileName;
    }

    private static async Task<bool> HoldsStateAsync(IAuthStateStore store, IAuthStateKeyEnumeration? enumeration, string sessionId, CancellationToken cancellationToken)
    {
        if (await store.ReadCredentialsAsync(sessionId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return true;
        }

        if (enumeration is not null)
        {
            await foreach (var _ in enumeration.ListKeysAsync(sessionId, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            return false;
        }

        await foreach (var session in store.ListSessionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (session == sessionId)
            {
                return true;
            }
        }

        return false;
    }

    private static BaileysFolderSummary Summarize(IEnumerable<string> types)
    {
        var byType = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        foreach (var type in types)
        {
            byType[type] = byType.GetValueOrDefault(type) + 1;
            count++;
        }

        return new BaileysFolderSummary(count, byType);
    }
}
