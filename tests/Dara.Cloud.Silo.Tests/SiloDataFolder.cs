using Microsoft.Data.Sqlite;

namespace Dara.Cloud.Silo.Tests;

/// <summary>A data folder of a test's own for its silos' SQLite file, deleted with the pooled connections that hold it.</summary>
internal sealed class SiloDataFolder : IDisposable
{
    public SiloDataFolder(string purpose) => Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dara-{purpose}-{Guid.NewGuid():N}");

    public string Path { get; }

    public void Dispose()
    {
        // Pooled connections keep the file open; the folder cannot go while they do (on Windows) or would be recreated.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
