namespace Adapters.Baileys;

/// <summary>What an import or export of a Baileys auth folder moved: the credentials and these keys.</summary>
/// <param name="KeyCount">The number of keys (key files).</param>
/// <param name="KeysByType">The number of keys of each type present.</param>
public sealed record BaileysFolderSummary(int KeyCount, IReadOnlyDictionary<string, int> KeysByType);
