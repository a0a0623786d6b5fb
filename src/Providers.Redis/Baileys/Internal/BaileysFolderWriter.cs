namespace Adapters.Baileys.Internal;

/// <summary>
/// Writes a Baileys auth folder all at once: the files go to a hidden staging folder next to the target, which is renamed
/// into place only when every file is written, so the target never holds half a session.
/// </summary>
internal static class BaileysFolderWriter
{
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Fails unless <paramref name="folder"/> is absent or an empty folder.</summary>
    public static void EnsureWritableTarget(string folder)
    {
        if (File.Exists(folder))
        {
            throw new IOException($"'{folder}' is a file; a Baileys auth folder is exported to a new or empty folder.");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new IOException($"The folder '{folder}' is not empty; a Baileys auth folder is exported to a new or empty folder.");
        }
    }

    /// <summary>Checks that a file name stays a plain name inside the folder on this platform.</summary>
    public static void EnsurePlainFileName(string folder, string fileName, string type, string id)
    {
        var path = Path.GetFullPath(Path.Combine(folder, fileName));
        if (fileName is "." or ".."
            || fileName.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || !string.Equals(Path.GetDirectoryName(path), folder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The {type} key '{id}' would be written outside the export folder or under an invalid file name; nothing was exported.");
        }
    }

    public static async Task WriteAsync(string folder, IReadOnlyList<(string FileName, byte[] Content)> files, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(folder)
            ?? throw new ArgumentException("A Baileys auth folder cannot be the root of a file system.", nameof(folder));
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(folder)}.export-{Guid.NewGuid():N}");
        CreatePrivateDirectory(staging);
        try
        {
            foreach (var (fileName, content) in files)
            {
                await WriteNewFileAsync(Path.Combine(staging, fileName), content, cancellationToken).ConfigureAwait(false);
            }

            EnsureWritableTarget(folder);
            if (Directory.Exists(folder))
            {
                // Not recursive: if anything appeared in the folder meanwhile, this throws instead of deleting it.
                Directory.Delete(folder);
            }

            Directory.Move(staging, folder);
        }
        catch (Exception original)
        {
            RemoveStaging(staging, original);
            throw;
        }
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateFolder);
        }
    }

    // Credentials and keys are private keys: owner-only permissions (Baileys' own files get the umask's defaults).
    private static async Task WriteNewFileAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void RemoveStaging(string staging, Exception original)
    {
        try
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The export failed and its staging folder '{staging}' could not be removed.", new AggregateException(original, cleanup));
        }
    }
}
