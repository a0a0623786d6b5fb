using System.Runtime.InteropServices;

namespace Adapters.Compression.Internal;

/// <summary>
/// Finds a native library by trying candidate names in order, once, and remembers either its handle or why it could
/// not: a missing library makes a codec unavailable instead of failing at type load. Candidates are injectable so tests
/// can probe names that do not exist.
/// </summary>
internal sealed class NativeLibraryProbe
{
    private readonly Lazy<(nint Handle, string? Failure)> _result;

    public NativeLibraryProbe(string library, string installHint, IReadOnlyList<string> candidates, IReadOnlyList<string> requiredExports)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(library);
        ArgumentException.ThrowIfNullOrWhiteSpace(installHint);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(requiredExports);
        Library = library;
        InstallHint = installHint;
        Candidates = candidates;
        RequiredExports = requiredExports;
        _result = new Lazy<(nint, string?)>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The library's short name (<c>zstd</c>, <c>lz4</c>).</summary>
    public string Library { get; }

    /// <summary>What to install when it is missing, e.g. <c>install libzstd1 (apt-get install libzstd1)</c>.</summary>
    public string InstallHint { get; }

    public IReadOnlyList<string> Candidates { get; }

    public IReadOnlyList<string> RequiredExports { get; }

    public bool IsAvailable => _result.Value.Handle != 0;

    /// <summary>The loaded library's handle, or zero.</summary>
    public nint Handle => _result.Value.Handle;

    /// <summary>Why the library is unavailable (naming the package to install), or <see langword="null"/>.</summary>
    public string? FailureMessage => _result.Value.Failure;

    /// <summary>Throws <see cref="DllNotFoundException"/> naming the package to install when the library is missing.</summary>
    public void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new DllNotFoundException(FailureMessage);
        }
    }

    private (nint, string?) Load()
    {
        foreach (var candidate in Candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, typeof(NativeLibraryProbe).Assembly, searchPath: null, out var handle))
            {
                continue;
            }

            // A library too old to export what the codec calls is as good as missing: say so rather than fail on first use.
            var missing = RequiredExports.Where(export => !NativeLibrary.TryGetExport(handle, export, out _)).ToArray();
            if (missing.Length > 0)
            {
                NativeLibrary.Free(handle);
                return (0, $"The {Library} codec found {candidate}, but it lacks {string.Join(", ", missing)} (too old): {InstallHint}.");
            }

            return (handle, null);
        }

        return (0, $"The {Library} codec needs the native {Library} library, which was not found (tried {string.Join(", ", Candidates)}): {InstallHint}.");
    }
}
