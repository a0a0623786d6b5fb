namespace Adapters.Redis.Tests.Baileys;

/// <summary>A fresh folder under the temp directory, removed with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "adapters-baileys-" + Guid.NewGuid().ToString("N"));

    public string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
