namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>A model folder written in a temp directory for one test.</summary>
internal sealed class ModelFolder : IDisposable
{
    public ModelFolder(params (string Path, byte[] Bytes)[] files)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dara-model-{Guid.NewGuid():N}");
        foreach (var (path, bytes) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
