using System.Text.Json;
using System.Text.Unicode;

namespace Adapters.Baileys.Internal;

/// <summary>One key file of a Baileys auth folder: its name, the type and id it stands for, and its exact bytes.</summary>
internal sealed record BaileysKeyFile(string FileName, string Type, string Id, byte[] Content);

/// <summary>A whole Baileys auth folder, read and checked before anything is written anywhere.</summary>
internal sealed record BaileysFolderContent(byte[] Credentials, IReadOnlyList<BaileysKeyFile> Keys);

/// <summary>Reads a <c>useMultiFileAuthState</c> folder, refusing anything Baileys would not have written.</summary>
internal static class BaileysFolderReader
{
    public static async Task<BaileysFolderContent> ReadAsync(string folder, IReadOnlyCollection<string> keyTypes, CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(folder);
        if (!directory.Exists)
        {
            throw new DirectoryNotFoundException($"The Baileys auth folder '{folder}' does not exist.");
        }

        byte[]? credentials = null;
        var keys = new List<BaileysKeyFile>();
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(entry => entry.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.LinkTarget is not null)
            {
                throw Invalid(entry.Name, "is a symbolic link; only regular files are imported, so nothing outside the folder is read");
            }

            if (entry is DirectoryInfo)
            {
                throw Invalid(entry.Name, "is a folder; a Baileys auth folder holds only files");
            }

            if (entry.Name == BaileysFileNames.CredentialsFileName)
            {
                credentials = await ReadJsonAsync(entry, mustBeObject: true, cancellationToken).ConfigureAwait(false);
            }
            else if (BaileysFileNames.TryParseKeyFileName(entry.Name, keyTypes, out var type, out var id))
            {
                var content = await ReadJsonAsync(entry, mustBeObject: false, cancellationToken).ConfigureAwait(false);
                keys.Add(new BaileysKeyFile(entry.Name, type, id, content));
            }
            else if (BaileysFileNames.HasKnownTypePrefix(entry.Name, keyTypes))
            {
                throw Invalid(entry.Name, "is not a key file name Baileys writes (TYPE-ID.json with '/' escaped as '__' and ':' as '-')");
            }
            else
            {
                throw Invalid(entry.Name, $"is neither {BaileysFileNames.CredentialsFileName} nor a key file of a known type (TYPE-ID.json); add custom types to BaileysImportOptions.KeyTypes");
            }
        }

        return credentials is null
            ? throw new InvalidDataException($"The Baileys auth folder '{folder}' has no {BaileysFileNames.CredentialsFileName}.")
            : new BaileysFolderContent(credentials, keys);
    }

    /// <summary>Checks that a value is a JSON text Node's <c>JSON.parse</c> reads (UTF-8 without a byte order mark).</summary>
    public static void ValidateJson(ReadOnlyMemory<byte> content, bool mustBeObject, Func<string, Exception?, Exception> fail)
    {
        if (content.Span.StartsWith("\uFEFF"u8))
        {
            throw fail("starts with a byte order mark, which Baileys' JSON.parse rejects", null);
        }

        if (!Utf8.IsValid(content.Span))
        {
            throw fail("is not valid UTF-8", null);
        }

        JsonValueKind kind;
        try
        {
            using var document = JsonDocument.Parse(content);
            kind = document.RootElement.ValueKind;
        }
        catch (JsonException exception)
        {
            throw fail("is not valid JSON", exception);
        }

        if (mustBeObject && kind != JsonValueKind.Object)
        {
            throw fail($"holds a JSON {kind}, not an object", null);
        }
    }

    private static async Task<byte[]> ReadJsonAsync(FileSystemInfo file, bool mustBeObject, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        ValidateJson(content, mustBeObject, (problem, inner) => Invalid(file.Name, problem, inner));
        return content;
    }

    private static InvalidDataException Invalid(string fileName, string problem, Exception? inner = null)
        => new($"The Baileys auth folder entry '{fileName}' {problem}; nothing was imported.", inner);
}
