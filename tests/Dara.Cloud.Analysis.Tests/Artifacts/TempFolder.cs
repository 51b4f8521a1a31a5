namespace Dara.Cloud.Analysis.Tests.Artifacts;

/// <summary>A fresh folder under the system temp folder, deleted (links and all, never their targets) on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("dara-artifacts-").FullName;
    }

    public string Path { get; }

    /// <summary>The full path of a relative '/'-separated path inside the folder.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Writes a file, creating its folders.</summary>
    public string Write(string relative, byte[] content)
    {
        var full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public string Write(string relative, string content) => Write(relative, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Creates a symbolic link at <paramref name="relative"/> with the target exactly as given (relative or absolute).</summary>
    public string FileLink(string relative, string target)
    {
        var full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return full;
    }

    /// <summary>Creates a symbolic link to a folder at <paramref name="relative"/> with the target exactly as given.</summary>
    public string FolderLink(string relative, string target)
    {
        var full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        Directory.CreateSymbolicLink(full, target);
        return full;
    }

    public void Dispose()
    {
        // Directory.Delete removes links without following them.
        Directory.Delete(Path, recursive: true);
    }
}
